"""Renders the harness's rows as markdown and replaces the block between the perf markers in docs/benchmarks.md."""
from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- perf:begin -->"
END = "<!-- perf:end -->"


def render(rows, facts, started, smoke, chosen) -> str:
    mode = "smoke (tiny sizes: proves the harness works, not the targets)" if smoke else "full"
    lines = [f"Run {started:%Y-%m-%dT%H:%M:%SZ}, commit `{facts['commit']}`, `bench/run.sh"
             + (" --smoke" if smoke else "") + "`, " + mode + ".", "",
             f"Machine: {facts['cores']} cores, {facts['memory']}, load average {facts['load']:.2f} at the start "
             f"(shared machine); {facts['java']}; {facts['ssh']}; {facts['ansible']}. Scenarios: "
             + ", ".join(chosen) + ".", "",
             "| scenario | measure | Opsdeck | baseline | ratio | target | met |",
             "|---|---|---:|---:|---:|---|:---:|"]
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[r.passed]
        cells = [r.scenario, r.metric, r.opsdeck, r.baseline, ratio, r.target, met]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    notes = [r for r in rows if r.notes]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"- **{r.scenario} / {r.metric}**: {r.notes}" for r in notes]
    return "\n".join(lines) + "\n"


def update_docs(path: Path, text: str) -> None:
    """Replaces what is between the markers (appends a section with them if missing)."""
    doc = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        doc = head + block + rest.split(END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n## Run engine against the tools (issue 8)\n\n" + block + "\n"
    path.write_text(doc)
