# Broken configs for test_configs.sh: (file, old, new, needle, message).
# Each replaces `old` by `new` in a copy of the sample config (old None:
# drops the digest_subject label); the error must name `file` and the
# line holding `needle` (default: the first line of `new`), and contain
# `message`.
VARIANTS = [
    ('reportgw.conf', 'timezone = "Asia/Ho_Chi_Minh";', 'timezone = "Mars/Base";', None, 'unknown time zone "Mars/Base"'),
    ('reportgw.conf', 'registration = "approval";', 'registration = 3;', None, "'registration' must be a string"),
    ('reportgw.conf', 'type = "africastalking";', 'type = "nokia";', None, "'provider.type' must be one of"),
    ('reportgw.conf', 'poll_interval = 2;', 'poll_interval = 0;', None, "'provider.poll_interval' must be between 1 and 3600, not 0"),
    ('reportgw.conf', 'poll_interval = 2;', 'poll_interval = 2; pol_interval = 3;', None, "unknown key 'provider.pol_interval'"),
    ('reportgw.conf', 'api_key_file = "demo-provider.key";', 'api_key_file = "nope.key";', None, 'nope.key: No such file or directory'),
    ('reportgw.conf', 'listen = "127.0.0.1:8080";', 'listen = 8080;', None, "'http.listen' must be a string"),
    ('reportgw.conf', 'token_file = "demo-http.token";', 'token = "short";', None, "'http.token' is a secret, but "),
    ('reportgw.conf', 'url = "smtp://127.0.0.1:8925";', 'url = "smtp://127.0.0.1:8925"; tls = "maybe";', 'tls = "off"', 'duplicate setting name'),
    ('reportgw.conf', 'from = "reportgw@bacai.example.org";', '', None, "missing required key 'smtp.from'"),
    ('reportgw.conf', 'time = "07:00";', 'time = "25:61";', None, '\'digest.time\' must be a time HH:MM, not "25:61"'),
    ('reportgw.conf', 'replies_per_hour = 10;', 'replies_per_hour = -1;', None, "'limits.replies_per_hour' must be between 0 and 1000, not -1"),
    ('reportgw.conf', 'identical_per_hour = 2;', 'identical_per_hour = "two";', None, "'limits.identical_per_hour' must be an integer"),
    ('reportgw.conf', 'unknown_per_day = 1;', 'unknown_per_day = 1.5;', None, "'limits.unknown_per_day' must be an integer"),
    ('reportgw.conf', 'registration = "approval";', 'registration = "approval";\nregistration = "open";', 'registration = "open";', 'duplicate setting name'),
    ('bacai.conf', 'code = "BAT01";', 'code = "bat 1";', None, 'village code "bat 1" must be capital letters and digits'),
    ('bacai.conf', 'code = "BAT02";', 'code = "BAT01";', 'name = "Thôn 2 Bắc Ái Tây"', 'village "BAT01": duplicate village code'),
    ('bacai.conf', 'phone = "0912000101";', 'phone = "12ab";', None, 'reporter phone "12ab" is not a phone number'),
    ('bacai.conf', 'village = "BAT01"; },', 'village = "ZZZ99"; },', None, 'unknown village "ZZZ99"'),
    ('bacai.conf', 'phone = "0912000102";', 'phone = "0912000101";', 'name = "Chamaléa Văn Út"', 'reporter +84912000101 is listed twice (line 49)'),
    ('codebook.conf', 'code = "BL"; title', 'code = "XH"; title', 'code = "XH"; title = "Xâm hại', 'code "XH": already names another code'),
    ('codebook.conf', 'kind = "incident"; name = "bao luc";', 'kind = "accident"; name = "bao luc";', None, "'codebook.codes.[].kind' must be one of"),
    ('codebook.conf', 'rules = [ "attending <= age_5" ];', 'rules = [ "attending <= nobody" ];', None, 'bad rule "attending <= nobody"'),
    ('codebook.conf', 'numbers = [ "count?", "age", "parents:1-2" ];', 'numbers = [ "count?", "age", "parents:2-1" ];', None, 'bad number slot "parents:2-1"'),
    ('codebook.conf', 'choices = ( { vocab = "outcome"; required = true; } );', 'choices = ( { vocab = "weather"; required = true; } );', None, "unknown vocabulary 'weather'"),
    ('codebook.conf', 'ratio = "attending / age_5"; target = 100;', 'ratio = "attending / age_5"; target = 150;', None, "'codebook.codes.[].target' must be between 0 and 100, not 150"),
    ('codebook.conf', '    accepted = "Da nhan', '    acepted = "x";\n    accepted = "Da nhan', None, "unknown reply template 'acepted'"),
    ('codebook.conf', '    main = "Bao cao tre em:";', '    mian = "Bao cao tre em:";', None, "unknown USSD text 'mian'"),
    ('codebook.conf', 'alert = "died";\n      aliases = [ "DUOINUOC"', 'alert = "sometimes";\n      aliases = [ "DUOINUOC"', None, 'alert "sometimes" is not always, never, a flag'),
    ('labels.conf', None, None, 'labels = {', "missing required key 'labels.digest_subject'"),
    ('reportgw.conf', 'poll_interval = 2;', 'poll_interval = 2;\n  generic = { time_format = "julian"; };', 'time_format = "julian"', "'provider.generic.time_format' must be one of iso8601,epoch,epoch_ms"),
    ('reportgw.conf', 'listen = "127.0.0.1:8080";', 'listen = "127.0.0.1:8080"; threads = 0;', None, "'http.threads' must be between 1 and 64, not 0"),
]
