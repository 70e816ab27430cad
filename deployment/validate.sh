#!/usr/bin/env bash
# Static checks for deployment/ and monitoring/ that need no Docker engine:
#   nginx -t (on a copy with throw-away certificates), promtool check config / check rules / test rules,
#   dashboard JSON + the PromQL inside it, systemd-analyze verify, docker compose config, hadolint.
# A tool that is not installed is skipped with a note; any check that runs and fails makes the script exit 1.
#
#   deployment/validate.sh
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
mon="$repo/monitoring"
work="$(mktemp -d "${TMPDIR:-/tmp}/ragd-validate.XXXXXX")"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
skipped=0
ok()   { echo "ok:   $1"; passed=$((passed + 1)); }
bad()  { echo "FAIL: $1"; failed=$((failed + 1)); }
skip() { echo "skip: $1"; skipped=$((skipped + 1)); }
have() { command -v "$1" > /dev/null 2>&1; }

# --- nginx ------------------------------------------------------------------------------------------------------------
# The real config targets the official nginx image (≥ 1.27.3, `server … resolve`, `http2 on;`) inside the compose
# network. The copy points the upstream at 127.0.0.1, uses local ports and paths, and on nginx < 1.25.1 moves http2
# onto the listen line; everything else is checked as written.
if have nginx && have openssl; then
    mkdir -p "$work/nginx/certs" "$work/nginx/snippets" "$work/nginx/logs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
        -keyout "$work/nginx/certs/privkey.pem" -out "$work/nginx/certs/fullchain.pem" > /dev/null 2>&1
    cp "$here/nginx/snippets/"*.conf "$work/nginx/snippets/"
    version="$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')"
    http2_sed=()
    if [ "$(printf '%s\n' "$version" 1.25.1 | sort -V | head -n1)" != "1.25.1" ]; then
        http2_sed=(-e 's#^\(\s*\)http2 on;#\1\# http2 on;#' -e 's#listen 127.0.0.1:18443 ssl#listen 127.0.0.1:18443 ssl http2#')
    fi
    sed -e 's#server ragd:8080 resolve;#server 127.0.0.1:18080;#' \
        -e 's#listen 443 ssl#listen 127.0.0.1:18443 ssl#' \
        -e 's#listen 80 #listen 127.0.0.1:18081 #' \
        "${http2_sed[@]}" \
        -e "s#/etc/nginx/snippets/ragd#$work/nginx/snippets#g" \
        -e "s#/etc/nginx/certs#$work/nginx/certs#g" \
        -e "s#/var/log/nginx#$work/nginx/logs#g" \
        "$here/nginx/ragd.conf" > "$work/nginx/ragd.conf"
    # The same surroundings as the official image's /etc/nginx/nginx.conf, so duplicate directives are caught.
    cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
error_log $work/nginx/logs/error.log notice;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $work/nginx/logs/access.log;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
    include $work/nginx/ragd.conf;
}
EOF
    if out="$(nginx -t -c "$work/nginx/nginx.conf" -p "$work/nginx/" 2>&1)"; then
        ok "nginx -t (nginx $version)"
    else
        echo "$out"; bad "nginx -t"
    fi
else
    skip "nginx -t (nginx or openssl not installed)"
fi

# --- Prometheus -------------------------------------------------------------------------------------------------------
if have promtool; then
    if promtool check config "$mon/prometheus/prometheus.yml" > "$work/out" 2>&1; then ok "promtool check config"; else cat "$work/out"; bad "promtool check config"; fi
    if promtool check rules "$mon/prometheus/alerts.yml" > "$work/out" 2>&1; then ok "promtool check rules"; else cat "$work/out"; bad "promtool check rules"; fi
    if (cd "$mon/prometheus" && promtool test rules alerts_test.yml) > "$work/out" 2>&1; then ok "promtool test rules"; else cat "$work/out"; bad "promtool test rules"; fi
else
    skip "promtool checks (promtool not installed)"
fi

# --- Grafana ----------------------------------------------------------------------------------------------------------
# Valid JSON, unique panel ids, datasource referenced by uid; every PromQL expression is parsed by promtool (as a
# recording rule, with Grafana's variables replaced).
if have python3; then
    if python3 - "$mon/grafana" "$work/dashboard_rules.yml" > "$work/out" 2>&1 <<'EOF'
import glob, json, sys
root, rules_path = sys.argv[1], sys.argv[2]
uid_expected = None
for line in open(f"{root}/provisioning/datasources/prometheus.yml"):
    if line.strip().startswith("uid:"):
        uid_expected = line.split(":", 1)[1].split("#")[0].strip()
exprs = []
for path in sorted(glob.glob(f"{root}/dashboards/*.json")):
    d = json.load(open(path))
    ids = [p["id"] for p in d["panels"]]
    assert len(ids) == len(set(ids)), f"{path}: duplicate panel ids"
    for p in d["panels"]:
        for t in p.get("targets", []):
            assert t["datasource"]["uid"] == uid_expected, f"{path}: panel {p['title']!r} uses another datasource"
            exprs.append(t["expr"])
    for a in d.get("annotations", {}).get("list", []):
        if "expr" in a:
            exprs.append(a["expr"])
with open(rules_path, "w") as f:
    f.write("groups:\n  - name: dashboards\n    rules:\n")
    for i, e in enumerate(exprs):
        e = e.replace("$__rate_interval", "1m").replace("$instance", ".*")
        f.write(f"      - record: dashboard:expr_{i}\n        expr: {json.dumps(e)}\n")
print(len(exprs), "expressions")
EOF
    then
        ok "dashboards: JSON, panel ids, datasource uid ($(cat "$work/out"))"
        if have promtool; then
            if promtool check rules "$work/dashboard_rules.yml" > "$work/out" 2>&1; then ok "dashboards: PromQL parses"; else cat "$work/out"; bad "dashboards: PromQL"; fi
        fi
    else
        cat "$work/out"; bad "dashboards"
    fi
else
    skip "dashboard checks (python3 not installed)"
fi

# --- systemd ----------------------------------------------------------------------------------------------------------
if have systemd-analyze; then
    # verify insists that ExecStart exists; point it at a binary that does.
    sed "s#/usr/local/bin/ragd#$(command -v true)#" "$here/ragd.service" > "$work/ragd.service"
    if systemd-analyze verify "$work/ragd.service" > "$work/out" 2>&1; then ok "systemd-analyze verify ragd.service"; else cat "$work/out"; bad "systemd-analyze verify"; fi
else
    skip "systemd-analyze verify (not installed)"
fi

# --- Compose and Dockerfile -------------------------------------------------------------------------------------------
if docker compose version > /dev/null 2>&1; then
    if (cd "$here" && GRAFANA_ADMIN_PASSWORD="${GRAFANA_ADMIN_PASSWORD:-validate}" docker compose -f docker-compose.yml config -q) > "$work/out" 2>&1; then
        ok "docker compose config"
    else
        cat "$work/out"; bad "docker compose config"
    fi
else
    skip "docker compose config (Compose v2 not installed)"
fi
if have hadolint; then
    if hadolint --no-color "$here/Dockerfile" > "$work/out" 2>&1; then ok "hadolint Dockerfile"; else cat "$work/out"; bad "hadolint"; fi
else
    skip "hadolint (not installed)"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
