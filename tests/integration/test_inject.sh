# The fault campaign (make check runs it on a build with -DFAULT_INJECT):
# for every N along the ingest path (poll, store, judge, queue and send
# replies, alerts), fail the Nth allocation, the Nth sqlite3_step() or the
# Nth curl_easy_perform().  Each run must end without a crash (a clean
# out-of-memory stop is allowed), and after a restart the database must
# hold exactly what a run without faults holds: nothing lost, nothing
# doubled, integrity ok.
. "$(dirname "$0")/lib.sh"

if ! "$REPORTGW" --version | grep -q 'fault injection'; then
	echo "# not a fault-injection build: skipped (make check runs it)"
	finish
fi
STRIDE_MALLOC=${FAULT_MALLOC_STRIDE:-1}

make_config
start_fake --batch 3
provider_config africastalking
sed -i '/^http = {/,/^};/d' "$WORK/reportgw.conf"	# polling only
cp "$WORK/reportgw.conf" "$WORK/base.conf"
fake_post /_control/inbox '{"messages": [
  {"from": "+84912000101", "text": "BL G 9"},
  {"from": "+84912000102", "text": "XH G 13 CA"},
  {"from": "+84912000103", "text": "MN 42 40"},
  {"from": "+84912000104", "text": "KO"},
  {"from": "+84999999999", "text": "BL G 9"},
  {"from": "+84912000105", "text": "BLL G 9"}]}'

# state NAME: what must not depend on faults, one line per row
state() {
	sqlite3 "$1" "
	  SELECT 'in', provider_id, status, coalesce(error, '') FROM inbox;
	  SELECT 'rep', i.provider_id, r.kind, r.code, r.details, r.status
	    FROM reports r JOIN inbox i ON i.id = r.inbox_id;
	  SELECT 'out', coalesce(i.provider_id, ''), o.recipient, o.purpose,
	    o.text, o.status IN ('sent', 'unknown')
	    FROM outbox o LEFT JOIN inbox i ON i.id = o.inbox_id;
	  PRAGMA integrity_check;" | sort
}

fresh() {	# fresh DIR: an empty database with the config
	rm -rf "$1"
	mkdir -p "$1"
	sed "s|^database = .*|database = \"$1/r.db\";|" "$WORK/base.conf" > "$1/reportgw.conf"
	cp "$WORK"/*.key "$WORK"/*.token "$WORK"/bacai.conf "$WORK"/labels.conf \
	    "$WORK"/codebook.conf "$1/"
}

# the reference run, counting the calls
fresh "$WORK/ref"
REPORTGW_FAULT_COUNTS="$WORK/counts" timeout 60 "$REPORTGW" run -d \
    -f "$WORK/ref/reportgw.conf" --until-idle 2> "$WORK/ref.log"
state "$WORK/ref/r.db" > "$WORK/ref.state"
expect "reference run stores the 6 messages" \
    [ "$(grep -c '^in|' "$WORK/ref.state")" = 6 ]
expect "reference run sends replies" grep -q '^out|' "$WORK/ref.state"

for kind in perform step malloc; do
	total=$(awk -v k=$kind '$1 == k {print $2}' "$WORK/counts")
	stride=1
	[ $kind = malloc ] && stride=$STRIDE_MALLOC
	bad=""
	runs=0
	crashes=0
	for n in $(seq 1 $stride "$total"); do
		runs=$((runs + 1))
		d="$WORK/run"
		fresh "$d"
		REPORTGW_FAULT="$kind:$n" timeout 60 "$REPORTGW" run -d \
		    -f "$d/reportgw.conf" --until-idle 2> "$d/fault.log"
		rc=$?
		if [ $rc -ge 124 ]; then	# a signal or the timeout
			crashes=$((crashes + 1))
			bad="$bad $n(rc=$rc)"
			continue
		fi
		timeout 60 "$REPORTGW" run -d -f "$d/reportgw.conf" \
		    --until-idle 2> "$d/after.log"
		if ! state "$d/r.db" | cmp -s - "$WORK/ref.state"; then
			bad="$bad $n"
			[ -z "${FIRST_BAD:-}" ] && FIRST_BAD=1 &&
			    state "$d/r.db" | diff "$WORK/ref.state" - | head -5 | sed 's/^/# /'
		fi
	done
	if [ -z "$bad" ]; then
		ok "$kind: failing each of $runs calls (of $total, every $stride): no crash, nothing lost or doubled, integrity ok"
	else
		not_ok "$kind: $runs runs" "wrong end state or crash at:$bad"
	fi
done
finish
