"""A Hypothesis state machine: random partners create, version, share, unshare and run
scenarios; a model says who may see what. Invariant: no response body or header a
partner gets contains another partner's private scenario ids or names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from lunarstation.api import create_app
from tests.api.support import MINIMAL, PARTNERS, Keys, TestClient, seed

NAMES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=12).map(lambda s: f"sc-{s}")


class Privacy(RuleBasedStateMachine):
    """Model: scenario id → (owner, name, shared); runs → their scenario."""

    scenarios = Bundle("scenarios")

    def __init__(self) -> None:
        super().__init__()
        # The database outlives each example, so the model does too.
        self.model: dict[int, tuple[str, str, bool]] = STATE.model
        self.runs: dict[int, int] = STATE.runs
        self.seen: list[tuple[str, str, str]] = []  # (partner, what it sent, body + headers)

    @initialize()
    def start(self) -> None:
        assert STATE.client is not None

    def _call(self, partner: str, method: str, path: str, **kwargs: object) -> object:
        response = STATE.client.request(
            method,
            path,
            headers={**STATE.keys.headers(partner), **kwargs.pop("headers", {})},
            **kwargs,
        )  # type: ignore[union-attr, arg-type]
        assert response.status_code < 500, response.text
        sent = path + repr(kwargs.get("json"))
        self.seen.append((partner, sent, response.text + repr(dict(response.headers))))
        return response

    @rule(target=scenarios, partner=st.sampled_from(PARTNERS), name=NAMES, shared=st.booleans())
    def create(self, partner: str, name: str, shared: bool) -> int:
        STATE.created += 1
        name = f"{name}-{STATE.created}"  # unique over the whole test: the database persists
        response = self._call(partner, "POST", "/api/scenarios", json={
            "name": name, "visibility": "shared" if shared else "private",
            "files": [{"name": "base.yaml", "content": MINIMAL}]})  # fmt: skip
        assert response.status_code == 201  # type: ignore[attr-defined]
        sid = response.json()["id"]  # type: ignore[attr-defined]
        self.model[sid] = (partner, name, shared)
        return sid  # type: ignore[no-any-return]

    def _visible(self, partner: str, sid: int) -> bool:
        owner, _, shared = self.model[sid]
        return owner == partner or shared

    @rule(sid=scenarios, partner=st.sampled_from(PARTNERS), shared=st.booleans())
    def share(self, sid: int, partner: str, shared: bool) -> None:
        if sid not in self.model:
            return
        got = self._call(partner, "GET", f"/api/scenarios/{sid}")
        if not self._visible(partner, sid):
            assert got.status_code == 404  # type: ignore[attr-defined]
            return
        response = self._call(partner, "PATCH", f"/api/scenarios/{sid}", json={"visibility": "shared" if shared else "private"},
                              headers={"If-Match": got.headers["ETag"]})  # type: ignore[attr-defined]  # fmt: skip
        owner, name, _ = self.model[sid]
        if owner == partner:
            assert response.status_code == 200  # type: ignore[attr-defined]
            self.model[sid] = (owner, name, shared)
        else:
            assert response.status_code == 403  # type: ignore[attr-defined]

    @rule(sid=scenarios, partner=st.sampled_from(PARTNERS))
    def version(self, sid: int, partner: str) -> None:
        if sid not in self.model:
            return
        response = self._call(partner, "POST", f"/api/scenarios/{sid}/versions", json={
            "files": [{"name": "base.yaml", "content": MINIMAL + "# edit\n"}]}, headers={"If-Match": '"0"'})  # fmt: skip
        expected = (
            412 if self.model[sid][0] == partner else 403 if self._visible(partner, sid) else 404
        )
        assert response.status_code == expected  # type: ignore[attr-defined]

    @rule(sid=scenarios, partner=st.sampled_from(PARTNERS))
    def run(self, sid: int, partner: str) -> None:
        if sid not in self.model:
            return
        response = self._call(partner, "POST", "/api/runs", json={"scenario_id": sid, "version": 1})
        assert response.status_code == (202 if self._visible(partner, sid) else 404)  # type: ignore[attr-defined]
        if response.status_code == 202:  # type: ignore[attr-defined]
            self.runs[response.json()["id"]] = sid  # type: ignore[attr-defined]

    @rule(partner=st.sampled_from(PARTNERS))
    def read_everything(self, partner: str) -> None:
        for path in ("/api/scenarios", "/api/runs", "/api/changes", "/api/audit"):
            self._call(partner, "GET", path)
        for run_id in list(self.runs)[-3:]:
            self._call(partner, "GET", f"/api/runs/{run_id}")

    @invariant()
    def nobody_sees_another_partner_s_private_scenarios(self) -> None:
        for partner, sent, text in self.seen:  # an id the caller sent itself may come back
            for sid, (owner, name, shared) in self.model.items():
                if owner != partner and not shared:
                    assert str(sid) in sent or str(sid) not in text, (partner, sid, text[:300])
                    assert name not in text, (partner, name, text[:300])
            for run_id, sid in self.runs.items():
                owner, _, shared = self.model[sid]
                if owner != partner and not shared:
                    assert str(run_id) in sent or str(run_id) not in text, (
                        partner,
                        run_id,
                        text[:300],
                    )
        self.seen.clear()


class _State:
    client: TestClient | None = None
    keys: Keys
    model: dict[int, tuple[str, str, bool]]
    runs: dict[int, int]
    created = 0


STATE = _State()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_no_partner_ever_sees_another_s_private_data(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from tests.api.support import new_db_url

    app = create_app(new_db_url(kind, tmp_path, request), workers=0)
    STATE.keys = seed(app.state.store)
    STATE.model, STATE.runs = {}, {}
    with TestClient(app) as client:
        STATE.client = client
        Privacy.TestCase.settings = settings(max_examples=10, stateful_step_count=10, deadline=None, database=None,
                                             suppress_health_check=list(HealthCheck))  # fmt: skip
        Privacy.TestCase().runTest()
    STATE.client = None
    assert app.state.server_errors == 0
