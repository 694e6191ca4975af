"""The HTML report in a real browser: Debian's chromium, headless, driven by Playwright.

.ci/run installs chromium when it is missing; this test is never skipped for want of it.
The browser gets no network: every request other than the report file itself is
recorded and fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from govrules.cli import main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def test_report_in_headless_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.html"
    examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "001_monitoring").glob("0*.yaml"))
    assert main(["eval", "rules/monitoring_review.rules", *examples, "--html", str(out)]) == 0

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            problems: list[str] = []
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url != out.as_uri() else None)
            page.goto(out.as_uri())

            charts = page.eval_on_selector_all(
                "svg.chart", "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.getAttribute('class'), r.width, r.height]; })"
            )
            kinds = {c.split()[1] for c, _, _ in charts}
            assert {"budget", "completion", "lost", "distribution", "ring"} <= kinds
            assert all(w > 0 and h > 0 for _, w, h in charts), charts
            bars = page.eval_on_selector_all(
                "svg.chart.completion rect.bar", "els => els.map(e => e.getBoundingClientRect().width)"
            )
            assert sum(1 for w in bars if w > 20) >= 30  # the bars themselves are drawn, not just the boxes

            page.click("a[href='#p2']")  # the ranking links to each project's page
            assert page.evaluate("location.hash") == "#p2"
            top = page.eval_on_selector("#p2", "e => e.getBoundingClientRect().top")
            assert abs(top) < 5

            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 50_000

            pdf = page.pdf(format="A4", print_background=True)
            assert pdf.startswith(b"%PDF")
            pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            assert pages >= 5  # the overview, then at least a page per project (break-before: page)
            assert problems == []
        finally:
            browser.close()
