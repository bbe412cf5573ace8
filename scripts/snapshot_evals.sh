#!/bin/bash
# Every evaluation's predictions and figures, timing fields dropped, and their sha256 hashes: run it
# before and after a change meant to keep behaviour (a reshaping) and diff the two hash lists.
#   usage: bash scripts/snapshot_evals.sh OUT_DIR > hashes.txt      (in the activated venv; shared
#   data from $ONRECORD_SHARED or ../shared; about two minutes on two cores)
set -e
out=$1; mkdir -p "$out"
shared=${ONRECORD_SHARED:-../shared}
onrecord eval attributions "$shared/data/polnear/dev" --predictions "$out/attr.jsonl" --json > "$out/attr.json" 2>/dev/null
onrecord eval quotes --predictions "$out/quotes.jsonl" --json > "$out/quotes.json" 2>/dev/null
onrecord eval body --predictions "$out/body.json" --json > "$out/body_fig.json" 2>/dev/null
onrecord eval times --predictions "$out/times.jsonl" --json > "$out/times.json" 2>/dev/null
onrecord eval quantities --json > "$out/quantities.json" 2>/dev/null
onrecord eval meta --json > "$out/meta.json" 2>/dev/null
onrecord eval speakers --json > "$out/spk.json" 2>/dev/null
onrecord eval speakers --oracle --json > "$out/spk_oracle.json" 2>/dev/null
onrecord eval speakers --oracle "$shared/data/speakers/train_speakers.jsonl" "$shared/data/polnear/train" --json > "$out/spk_train.json" 2>/dev/null
onrecord eval pronouns --json > "$out/pron.json" 2>/dev/null
python3 - "$out" <<'P'
import json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if not re.search(r"(^|_)(ms|seconds|secs|per_s|wall|elapsed|time_s)($|_)", k)}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
for p in out.glob("*.json"):
    try:
        d = json.loads(p.read_text())
    except ValueError:
        continue
    p.write_text(json.dumps(strip(d), sort_keys=True, indent=1))
P
cd "$out" && sha256sum -- *.json *.jsonl | sort -k2
