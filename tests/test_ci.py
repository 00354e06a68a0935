"""The test run's own rules: a missing requirement skips locally and fails under CI, and
under CI no test may skip at all."""

from __future__ import annotations

import pytest

from tests.ci import in_ci, skip_unless_ci

pytest_plugins = ["pytester"]


def test_a_missing_requirement_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="needs a unicorn"):
        skip_unless_ci("needs a unicorn")


@pytest.mark.parametrize("value", ["true", "1"])
def test_a_missing_requirement_fails_under_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match=r"needs a unicorn.*CI is set"):
        skip_unless_ci("needs a unicorn")


def test_an_empty_ci_variable_is_not_ci(monkeypatch):
    monkeypatch.setenv("CI", "")
    assert not in_ci()


@pytest.mark.parametrize("ci", ["", "true"])
def test_under_ci_any_skip_is_a_failure(pytester, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest("from tests.conftest import pytest_runtest_makereport  # noqa: F401")
    pytester.makepyfile(
        """
        import pytest

        def test_skipped():
            pytest.skip("no unicorn here")

        @pytest.mark.skip(reason="marked")
        def test_marked():
            pass

        @pytest.mark.xfail(reason="known")
        def test_expected_to_fail():
            assert False

        def test_fine():
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    if ci:
        result.assert_outcomes(failed=1, errors=1, passed=1, xfailed=1)
        result.stdout.fnmatch_lines(["*skipped under CI*no unicorn here*"])
    else:
        result.assert_outcomes(skipped=2, passed=1, xfailed=1)


def test_cli_keeps_stdout_and_stderr_apart(cli, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = cli("validate", missing)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{missing}: file not found" in result.stderr
    ok = cli("validate")
    assert ok.exit_code == 0 and "valid" in ok.stdout and ok.stderr == ""
