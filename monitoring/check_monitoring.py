#!/usr/bin/env python3
"""Offline checks of monitoring/ that promtool does not make (scripts/validate-monitoring.sh runs this).

Prints one line per check, "ok   <what>" or "FAIL <what>: <why>", and exits 1 if any failed:
- the Grafana dashboard: valid JSON, a Prometheus datasource variable named "datasource", no hard-coded datasource
  uid, every panel and query on ${datasource}, unique panel ids, a gridPos that fits the 24 columns, every
  expression's metric names in monitoring/known-series.txt;
- the alert rules: every alert has a `for`, a severity (critical|warning), Vietnamese and English summary and
  description, and metric names in known-series.txt;
- the rules' unit tests: every alert has a case where it fires and one where it does not;
- the example Kubernetes scrape configuration selects pods and ports that k8s/base's Deployments have, and the
  Gateway's port `metrics` is the one its Metrics__Port serves /metrics on without a sign-in.

`--promtool-inputs DIR` instead writes what promtool checks next (scripts/validate-monitoring.sh): the dashboard's
expressions as recording rules (so that promtool parses their PromQL) and the example Prometheus configurations in
a form promtool checks offline (Debian's promtool has no Kubernetes discovery; the token file must exist).

Needs Python 3 and PyYAML (Debian: python3-yaml).
"""
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
DASHBOARD = ROOT / "grafana" / "sessionops-dashboard.json"
RULES = ROOT / "prometheus" / "sessionops-alerts.yml"
TESTS = ROOT / "prometheus" / "sessionops-alerts.test.yml"
KNOWN = ROOT / "known-series.txt"
K8S_CONFIG = ROOT / "prometheus" / "prometheus.kubernetes.yml"
EMBEDDED_CONFIG = ROOT / "prometheus" / "prometheus.embedded.yml"
MANIFESTS = [ROOT.parent / "k8s" / "base" / "silo.yaml", ROOT.parent / "k8s" / "base" / "gateway.yaml"]
SELECTOR_LABELS = [
    "__meta_kubernetes_pod_label_app_kubernetes_io_name",
    "__meta_kubernetes_pod_label_app_kubernetes_io_component",
    "__meta_kubernetes_pod_container_port_name",
]
# Grafana's built-in variables, replaced by a plausible value so that promtool can parse the expressions.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "30s", "$__range": "1h"}

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
SEVERITIES = {"critical", "warning"}
ANNOTATIONS = ("summary", "summary_en", "description", "description_en")

# PromQL words that look like metric names but are not.
KEYWORDS = {
    "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
    "inf", "nan", "atan2", "start", "end",
}

results = []


def check(what, problems):
    """Records one check; problems is a list of strings (empty: passed)."""
    if problems:
        results.append(False)
        print(f"FAIL {what}: " + "; ".join(problems))
    else:
        results.append(True)
        print(f"ok   {what}")


def known_series():
    names = set()
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def metric_names(expr):
    """The metric names an expression selects: what is left once strings, label matchers, ranges, grouping
    clauses, function calls, keywords and numbers are taken out."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    s = re.sub(r"'(?:[^'\\]|\\.)*'", "''", s)
    s = re.sub(r"`[^`]*`", "``", s)
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    s = re.sub(r"\boffset\s+-?[\w$]+", " ", s)
    s = re.sub(r"\$\{?\w+\}?", " ", s)  # Grafana variables outside ranges ($__interval, ${var})
    names = []
    for m in re.finditer(r"(?<![\w.])([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?", s):
        name, call = m.group(1), m.group(2)
        if call or name.lower() in KEYWORDS:
            continue
        names.append(name)
    return names


def unknown_names(expr, known):
    if not expr or not expr.strip():
        return ["empty expression"]
    names = metric_names(expr)
    if not names:
        return [f"no metric name found in {expr!r}"]
    return [f"unknown series {n!r}" for n in names if n not in known]


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


def check_dashboard(known):
    try:
        dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        check("dashboard: valid JSON", [str(e)])
        return
    check("dashboard: valid JSON", [])

    problems = []
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
        problems.append(f"schemaVersion {dashboard.get('schemaVersion')!r} (want 36 or later)")
    for key in ("uid", "title"):
        if not dashboard.get(key):
            problems.append(f"no {key}")
    check("dashboard: uid, title, schemaVersion", problems)

    variables = dashboard.get("templating", {}).get("list", [])
    ds = [v for v in variables if v.get("name") == "datasource"]
    problems = []
    if len(ds) != 1:
        problems.append("no single templating variable named 'datasource'")
    elif ds[0].get("type") != "datasource" or ds[0].get("query") != "prometheus":
        problems.append("the 'datasource' variable is not of type datasource with query prometheus")
    check("dashboard: ${datasource} variable of Prometheus datasources", problems)

    # No datasource uid anywhere in the file but the variable: a uid is one Grafana's, not the reader's.
    uids = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            if key == "datasource" and "uid" in node:
                uids.add(node["uid"])
            for k, v in node.items():
                if k == "datasource" and isinstance(v, str) and v not in ("${datasource}", "$datasource"):
                    uids.add(v)
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(dashboard)
    stray = sorted(u for u in uids if u not in ("${datasource}", "$datasource"))
    check("dashboard: no hard-coded datasource uid", [f"datasource {u!r}" for u in stray])

    panels = list(all_panels(dashboard.get("panels", [])))
    ids = [p.get("id") for p in panels]
    dupes = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    missing = [p.get("title", "?") for p in panels if not isinstance(p.get("id"), int)]
    check("dashboard: unique integer panel ids",
          [f"id {d} used twice" for d in dupes] + [f"panel {t!r} has no integer id" for t in missing])

    # Top-level panels (and rows) must not overlap on the grid.
    boxes = [(p.get("title", "?"), p["gridPos"]) for p in dashboard.get("panels", [])
             if isinstance(p.get("gridPos"), dict) and all(isinstance(p["gridPos"].get(k), int) for k in "hwxy")]
    overlaps = []
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]:
                overlaps.append(f"{ta!r} and {tb!r}")
    check("dashboard: no panels overlap", [f"{o} overlap" for o in overlaps])

    if not any(p.get("type") != "row" for p in panels):
        check("dashboard: has panels", ["no panel"])
        return

    for panel in panels:
        title = panel.get("title") or f"id {panel.get('id')}"
        problems = []
        pos = panel.get("gridPos")
        if not isinstance(pos, dict) or not all(isinstance(pos.get(k), int) for k in ("h", "w", "x", "y")):
            problems.append("gridPos with integer h, w, x, y missing")
        elif pos["x"] < 0 or pos["w"] < 1 or pos["x"] + pos["w"] > 24 or pos["h"] < 1:
            problems.append(f"gridPos {pos} does not fit 24 columns")
        if panel.get("type") == "row":
            if panel.get("targets"):
                problems.append("a row with queries")
            check(f"dashboard row {title!r}: gridPos", problems)
            continue
        if panel.get("datasource") != DATASOURCE:
            problems.append(f"datasource {panel.get('datasource')!r}, want {DATASOURCE}")
        targets = panel.get("targets") or []
        if not targets:
            problems.append("no queries")
        ref_ids = [t.get("refId") for t in targets]
        if len(set(ref_ids)) != len(ref_ids) or None in ref_ids:
            problems.append(f"refIds {ref_ids} not unique")
        for t in targets:
            if t.get("datasource") != DATASOURCE:
                problems.append(f"query {t.get('refId')} datasource {t.get('datasource')!r}")
            problems += [f"query {t.get('refId')}: {p}" for p in unknown_names(t.get("expr"), known)]
        check(f"dashboard panel {title!r}: datasource, gridPos, series", problems)


def check_rules(known):
    try:
        groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        check("rules: readable YAML with groups", [str(e)])
        return []
    alerts = []
    for group in groups:
        for rule in group.get("rules", []):
            name = rule.get("alert") or rule.get("record")
            problems = unknown_names(rule.get("expr"), known)
            if "alert" in rule:
                alerts.append(rule["alert"])
                if "for" not in rule:
                    problems.append("no `for`")
                severity = (rule.get("labels") or {}).get("severity")
                if severity not in SEVERITIES:
                    problems.append(f"severity {severity!r}, want one of {sorted(SEVERITIES)}")
                annotations = rule.get("annotations") or {}
                problems += [f"no annotation {a}" for a in ANNOTATIONS if not str(annotations.get(a, "")).strip()]
            check(f"rule {name}: for, severity, vi+en annotations, series", problems)
    dupes = sorted({a for a in alerts if alerts.count(a) > 1})
    check("rules: unique alert names", [f"{d} defined twice" for d in dupes])
    return alerts


def check_tests(alerts):
    try:
        tests = yaml.safe_load(TESTS.read_text(encoding="utf-8"))["tests"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        check("tests: readable YAML with tests", [str(e)])
        return
    fires, quiet = set(), set()
    for test in tests:
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else quiet).add(case.get("alertname"))
    for alert in alerts:
        problems = []
        if alert not in fires:
            problems.append("no test where it fires")
        if alert not in quiet:
            problems.append("no test where it stays quiet")
        check(f"tests of {alert}: fires and stays quiet", problems)
    strays = sorted((fires | quiet) - set(alerts))
    check("tests: name only existing alerts", [f"no alert {s}" for s in strays])


def check_scrape_selectors():
    """Each job of the Kubernetes example keeps pods by name, component and port name: a Deployment of k8s/base
    must have a pod template with those labels and a container port of that name. The Gateway's port must also be
    the one its Metrics__Port names: only there is /metrics served without a sign-in (401 on the public port)."""
    deployments = []
    for path in MANIFESTS:
        try:
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                if doc and doc.get("kind") == "Deployment":
                    template = doc["spec"]["template"]
                    labels = template["metadata"].get("labels", {})
                    containers = template["spec"]["containers"]
                    ports = {p.get("name") for c in containers for p in c.get("ports", [])}
                    deployments.append((doc["metadata"]["name"], labels, ports, containers))
        except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
            check(f"k8s: read {path.name}", [str(e)])
            return
    config = yaml.safe_load(K8S_CONFIG.read_text(encoding="utf-8"))
    for job in config.get("scrape_configs", []):
        name = job.get("job_name")
        keep = [r for r in job.get("relabel_configs", [])
                if r.get("action") == "keep" and r.get("source_labels") == SELECTOR_LABELS]
        if len(keep) != 1:
            check(f"k8s scrape job {name}: selects pods by name, component and port", ["no such keep rule"])
            continue
        app, component, port = keep[0].get("regex", "").split(";")
        matching = [(d, ports, containers) for d, labels, ports, containers in deployments
                    if labels.get("app.kubernetes.io/name") == app and labels.get("app.kubernetes.io/component") == component]
        what = f"k8s scrape job {name}: a Deployment with {app}/{component} and a port named {port!r}"
        if not matching:
            check(what, ["no Deployment in k8s/base has those labels"])
            continue
        if not any(port in ports for _, ports, _ in matching):
            check(what, [f"{matching[0][0]} has ports {sorted(p for p in matching[0][1] if p)}"])
            continue
        check(what, [])
        if component == "gateway":
            check_gateway_metrics_port(name, port, matching)


def check_gateway_metrics_port(job, port_name, matching):
    """The Gateway serves /metrics without a sign-in only on Metrics:Port (src/Gateway/Operations/MetricsEndpoint.cs);
    on its public port it answers 401 and Prometheus would count it as down. So the port the job selects by name
    must be the number Metrics__Port sets, and not the public port (/metrics there would be open to everyone)."""
    problems = []
    for deployment, _, containers in matching:
        for c in containers:
            ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
            if port_name not in ports:
                continue
            env = {e.get("name"): e.get("value") for e in c.get("env", [])}
            value = env.get("Metrics__Port")
            if value is None:
                problems.append(f"{deployment}/{c.get('name')} sets no Metrics__Port: /metrics would need a sign-in")
            elif str(value) != str(ports[port_name]):
                problems.append(f"{deployment}/{c.get('name')}: Metrics__Port={value}, the port {port_name!r} is "
                                f"{ports[port_name]}")
            public = re.search(r":(\d+)/?$", str(env.get("ASPNETCORE_URLS", "")))
            if value is not None and public and public.group(1) == str(value):
                problems.append(f"{deployment}/{c.get('name')}: Metrics__Port={value} is the public port of "
                                "ASPNETCORE_URLS")
    check(f"k8s scrape job {job}: the port {port_name!r} is the Gateway's Metrics__Port (/metrics without a sign-in)",
          problems)


def write_promtool_inputs(out):
    out.mkdir(parents=True, exist_ok=True)
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    rules = []
    for panel in all_panels(dashboard.get("panels", [])):
        for t in panel.get("targets") or []:
            expr = t.get("expr") or ""
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            rules.append({"record": f"dashboard:panel_{panel.get('id')}_{t.get('refId')}", "expr": expr})
    (out / "dashboard-expressions.rules.yml").write_text(
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, allow_unicode=True), encoding="utf-8")

    (out / RULES.name).write_text(RULES.read_text(encoding="utf-8"), encoding="utf-8")
    k8s = yaml.safe_load(K8S_CONFIG.read_text(encoding="utf-8"))
    for job in k8s.get("scrape_configs", []):
        if job.pop("kubernetes_sd_configs", None) is not None:
            job["static_configs"] = [{"targets": ["pod.invalid:8081"]}]
    (out / K8S_CONFIG.name).write_text(yaml.safe_dump(k8s), encoding="utf-8")
    embedded = yaml.safe_load(EMBEDDED_CONFIG.read_text(encoding="utf-8"))
    for job in embedded.get("scrape_configs", []):
        token = (job.get("authorization") or {}).get("credentials_file")
        if token:
            (out / token).write_text("not-a-token\n", encoding="utf-8")
    (out / EMBEDDED_CONFIG.name).write_text(yaml.safe_dump(embedded), encoding="utf-8")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--promtool-inputs":
        write_promtool_inputs(Path(sys.argv[2]))
        return 0
    known = known_series()
    check_dashboard(known)
    alerts = check_rules(known)
    check_tests(alerts)
    check_scrape_selectors()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
