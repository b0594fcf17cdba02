# make install into a staging directory: the files where README.md says,
# the installed binary checks the installed sample config, the systemd
# unit scores "OK" in systemd-analyze security; and a daemon started as
# root drops to the configured user once its files and port are open.
. "$(dirname "$0")/lib.sh"

bindir=$(dirname "${REPORTGW_REAL:-$REPORTGW}")
o=build
[ "$bindir" != "$SRC" ] && o=$(realpath --relative-to="$SRC" "$bindir")
make -s -C "$SRC" install O="$o" DESTDIR="$WORK/stage" PREFIX=/usr \
    > "$WORK/install.log" 2>&1
expect "make install DESTDIR=... PREFIX=/usr" [ $? -eq 0 ]
S="$WORK/stage"
for f in usr/bin/reportgw usr/share/man/man8/reportgw.8 \
    usr/share/man/man5/reportgw.conf.5 usr/share/man/man7/reportgw-codes.7 \
    usr/share/reportgw/reportgw.conf \
    usr/share/reportgw/bacai.conf usr/share/reportgw/labels.conf \
    usr/share/reportgw/codebook.conf usr/lib/systemd/system/reportgw.service; do
	expect "installed $f" [ -f "$S/$f" ]
done
expect "binary is 0755" [ "$(stat -c %a "$S/usr/bin/reportgw")" = 755 ]
expect "no demo secret installed" \
    [ -z "$(ls "$S/usr/share/reportgw" | grep demo)" ]
# the installed sample, as an operator finds it: its database is absolute,
# and check asks for the secret files it names, then passes without a
# warning (no demo value left in it)
C=$S/usr/share/reportgw/reportgw.conf
expect "the sample's database is absolute" \
    grep -q '^database = "/var/lib/reportgw/reportgw.db";' "$C"
"$S/usr/bin/reportgw" check -f "$C" > "$WORK/check.out" 2>&1
expect "check on the sample asks for its secret files (exit 2)" [ $? -eq 2 ]
expect "and names them" contains "$WORK/check.out" "$S/usr/share/reportgw/provider.key"
(umask 077; cd "$S/usr/share/reportgw" && echo atsk_0123456789abcdef > provider.key &&
 echo Zk3q9Lx2Vb7Rt5Wm > http.token && echo correct-horse-battery > smtp.password)
"$S/usr/bin/reportgw" check -f "$C" > "$WORK/check.out" 2>&1
expect "installed binary checks the installed sample config" [ $? -eq 0 ]
expect "check says which file it reads" contains "$WORK/check.out" "reportgw: config $C"
expect "no warning about the sample (no demo value, database absolute)" \
    lacks "$WORK/check.out" "warning"
expect "unit runs the installed binary" \
    grep -q '^ExecStart=/usr/bin/reportgw run -f /etc/reportgw/reportgw.conf$' \
    "$S/usr/lib/systemd/system/reportgw.service"
if command -v systemd-analyze > /dev/null; then
	systemd-analyze security --offline=yes \
	    "$S/usr/lib/systemd/system/reportgw.service" > "$WORK/sec.out" 2>&1
	score=$(sed -n 's/.*Overall exposure level for reportgw.service: \([0-9.]*\).*/\1/p' "$WORK/sec.out")
	expect "systemd-analyze security: $score (at most 2.5)" \
	    python3 -c "import sys; sys.exit(not (0 <= float('${score:-99}') <= 2.5))"
else
	not_ok "systemd-analyze installed" "apt-get install systemd"
fi
expect "man pages lint clean" \
    sh -c "mandoc -Tlint -W warning '$S/usr/share/man/man8/reportgw.8' '$S/usr/share/man/man5/reportgw.conf.5' '$S/usr/share/man/man7/reportgw-codes.7' > '$WORK/lint' 2>&1 && [ ! -s '$WORK/lint' ]"

# privilege drop
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1; then
	make_config
	chmod 0711 "$WORK"
	mkdir "$WORK/state"
	chown nobody "$WORK/state"
	sed -i -e "s|^database = .*|database = \"$WORK/state/reportgw.db\";\nuser = \"nobody\";|" \
	    "$WORK/reportgw.conf"
	start_fake
	provider_config generic
	sed -i '/list_url = /s/list_url = "[^"]*"; //' "$WORK/reportgw.conf"
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	cleanup_hooks+=("kill $pid 2>/dev/null")
	wait_http "http://127.0.0.1:$HTTP_PORT/healthz"
	# the server answers from before the drop (its port is opened as
	# root); the drop is logged once it is done
	wait_for 1 30 grep -c "running as user nobody" "$WORK/daemon.log"
	expect "daemon runs as nobody" \
	    [ "$(awk '/^Uid:/ {print $2 $3 $4 $5}' /proc/$pid/status)" = 65534655346553465534 ]
	expect "no supplementary root group" \
	    sh -c "! awk '/^Groups:/' /proc/$pid/status | grep -qw 0"
	expect "database handed to the user" \
	    [ "$(stat -c %U "$WORK/state/reportgw.db")" = nobody ]
	code=$(curl -s -o /dev/null -w '%{http_code}' -d 'id=p1&from=%2B84912000101&text=KO' \
	    "http://127.0.0.1:$HTTP_PORT/sms?token=$HTTP_TOKEN")
	expect "stores after the drop (HTTP thread opens the database as nobody)" \
	    [ "$code" = 200 ]
	expect "healthz after the drop" \
	    [ "$(curl -s "http://127.0.0.1:$HTTP_PORT/healthz")" = "ok: push only" ]
	kill -TERM $pid; wait $pid
	expect "clean stop" [ $? -eq 0 ]
	expect "log says so" contains "$WORK/daemon.log" "running as user nobody"
fi
finish
