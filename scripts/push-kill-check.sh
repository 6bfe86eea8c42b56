#!/bin/bash
# Kills a push with SIGKILL mid-way, reruns it, and checks the sandbox's write log: every planned record written
# once with its planned values, nothing else. Usage: scripts/push-kill-check.sh [CONTACTS] (default 100000);
# build first with `swift build -c release`.
set -u
CONTACTS=${1:-100000}
BIN=${BIN:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/leadbridge}
export DIR=${DIR:-/tmp/leadbridge-push-kill}
rm -rf "$DIR"; mkdir -p "$DIR"
export no_proxy=127.0.0.1,localhost HUBSPOT_TOKEN=sandbox-hubspot-private-app-token \
  SALESFORCE_CLIENT_ID=sandbox-salesforce-client-id SALESFORCE_CLIENT_SECRET=sandbox-salesforce-client-secret
PORT=${PORT:-38411}
"$BIN" sandbox --port "$PORT" --contacts "$CONTACTS" --activities-per-contact 2 --no-rate-limits > "$DIR/sandbox.log" 2>&1 &
SANDBOX=$!
trap 'kill $SANDBOX 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -s "http://127.0.0.1:$PORT/__sandbox/info" > /dev/null && break; sleep 1; done
cd "$DIR" && "$BIN" init > /dev/null
cat >> config/leadbridge.yml <<YML
  hubspot:
    kind: hubspot
    base_url: http://127.0.0.1:$PORT/hubspot
    token: \${HUBSPOT_TOKEN}
    mapping: ../Mappings/hubspot.yml
  salesforce:
    kind: salesforce
    base_url: http://127.0.0.1:$PORT/salesforce
    client_id: \${SALESFORCE_CLIENT_ID}
    client_secret: \${SALESFORCE_CLIENT_SECRET}
    mapping: ../Mappings/salesforce.yml
YML
"$BIN" pull > pull.out 2>&1 || { echo "pull failed"; tail pull.out; exit 1; }
"$BIN" score --as-of 2026-11-01 > score.out 2>&1
"$BIN" plan --out plan.json > plan.out 2>&1; head -5 plan.out
"$BIN" push --allow-mass-change > push1.out 2>&1 &
PUSH=$!
KILL_AFTER=$(( CONTACTS / 300 + 1 ))
while kill -0 $PUSH 2>/dev/null; do
  n=$(curl -s "http://127.0.0.1:$PORT/__sandbox/log?summary=true" | python3 -c \
    "import json,sys; print(sum(v for k,v in json.load(sys.stdin).get('calls',{}).items() if 'batch/update' in k))")
  [ "${n:-0}" -ge "$KILL_AFTER" ] && break
  sleep 0.05
done
kill -9 $PUSH 2>/dev/null && echo "killed after ${n:-0} HubSpot batch updates" || echo "the push ended before the kill"
"$BIN" push --allow-mass-change > push2.out 2>&1; echo "rerun exit $?"; cat push2.out
curl -s "http://127.0.0.1:$PORT/__sandbox/log" > log.json
python3 - <<'PY'
import json, os
d = os.environ["DIR"]
plan = json.load(open(f"{d}/plan.json"))
expected = {}
for r in plan["records"]:
    w = {f["field"]: f["ours"] for f in r["fields"] if f["action"] == "write"}
    if w: expected[(r["target"], r["external_id"])] = w
seen, mismatches = {}, 0
for e in json.load(open(f"{d}/log.json"))["writes"]:
    if e["status"] >= 300 or not e["body"].startswith("{"): continue
    body = json.loads(e["body"])
    if "batch/update" in e["path"]:
        for i in body.get("inputs", []):
            k = ("hubspot", i["id"]); seen[k] = seen.get(k, 0) + 1
            mismatches += i["properties"] != expected.get(k)
    elif "composite/sobjects" in e["path"]:
        for i in body.get("records", []):
            k = ("salesforce", i["id"]); seen[k] = seen.get(k, 0) + 1
print("planned", len(expected), "written", len(seen), "missing", len(set(expected) - set(seen)),
      "extra", len(set(seen) - set(expected)), "twice", sum(v == 2 for v in seen.values()),
      "more", sum(v > 2 for v in seen.values()), "HubSpot value mismatches", mismatches)
PY
