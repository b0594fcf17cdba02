/*
 * The drivers' sends, built and decoded apart (provider.h): what each
 * request carries, and each message's result from the answer, in bulk
 * where the API has it (Infobip's messages[], Africa's Talking's one
 * text to several numbers), mapped back by message id or number.
 */
#include "testutil.h"

#include <jansson.h>

#include "provider.h"

static char	type[] = "test", url[] = "http://127.0.0.1:9/v1",
		user[] = "bacai", key[] = "k3y", sender[] = "8077",
		send_url[] = "http://127.0.0.1:9/send", auth[] = "header",
		auth_header[] = "Authorization",
		send_body[] = "{\"to\":\"{to}\",\"text\":\"{text}\","
		    "\"id\":\"{id}\"}";
static struct conf_provider	cp = {
	.type = type, .url = url, .username = user, .api_key = key,
	.sender = sender, .timeout = 5,
	.generic = { .send_url = send_url, .auth = auth,
	    .auth_header = auth_header, .send_body = send_body },
};

static const struct prov_out three[] = {
	{ "+84912000101", "Nhac: thon chua bao cao", "rgw-1" },
	{ "+84912000102", "Nhac: thon chua bao cao", "rgw-2" },
	{ "+84912000103", "Nhac: thon chua bao cao", "rgw-3" },
};

static void
build(const struct provider_ops *ops, const struct prov_out *m, size_t n,
    struct prov_request *rq)
{
	struct provider		p = { ops, &cp, NULL, 0 };
	struct prov_result	r;

	assert_int_equal(provider_send_build(&p, m, n, rq, &r), 0);
}

/* Decodes an answer of status and body for msgs[0..n) into res. */
static void
decode(const struct provider_ops *ops, const struct prov_out *m, size_t n,
    long status, const char *body, struct prov_result *res)
{
	struct provider		p = { ops, &cp, NULL, 0 };
	struct http_response	h;

	memset(&h, 0, sizeof(h));
	h.status = status;
	h.body = (char *)body;
	h.len = strlen(body);
	h.retry_after = -1;
	provider_send_decode(&p, m, n, &h, 1, res);
}

static void
africastalking_bulk(void **state)
{
	struct prov_request	rq;
	struct prov_result	res[3];

	(void)state;
	assert_int_equal(prov_africastalking.send_same_text, 1);
	assert_true(prov_africastalking.send_max >= 3);
	build(&prov_africastalking, three, 3, &rq);
	assert_string_equal(rq.method, "POST");
	assert_string_equal(rq.url, "http://127.0.0.1:9/v1/messaging");
	assert_string_equal(rq.body, "username=bacai&to=%2B84912000101,"
	    "%2B84912000102,%2B84912000103&message=Nhac%3A%20thon%20chua%20"
	    "bao%20cao&from=8077");
	assert_string_equal(rq.hdr[0], "apiKey: k3y");
	prov_request_free(&rq);
	/* one entry per number, in any order; one left out is refused */
	decode(&prov_africastalking, three, 3, 201,
	    "{\"SMSMessageData\":{\"Message\":\"Sent to 1/2\",\"Recipients\":["
	    "{\"statusCode\":403,\"number\":\"+84912000103\",\"status\":"
	    "\"InvalidPhoneNumber\",\"cost\":\"0\",\"messageId\":\"None\"},"
	    "{\"statusCode\":101,\"number\":\"+84912000101\",\"status\":"
	    "\"Success\",\"cost\":\"VND 250\",\"messageId\":\"ATPid_9\"}]}}",
	    res);
	assert_int_equal(res[0].status, PROV_OK);
	assert_string_equal(res[0].msg_id, "ATPid_9");
	assert_int_equal(res[1].status, PROV_PERMANENT);
	assert_string_equal(res[1].detail, "send: no recipient accepted");
	assert_int_equal(res[2].status, PROV_PERMANENT);
	assert_string_equal(res[2].detail,
	    "send: status 403 (InvalidPhoneNumber)");
	/* try later for one, do-not-disturb for all */
	decode(&prov_africastalking, three, 1, 201,
	    "{\"SMSMessageData\":{\"Recipients\":[{\"statusCode\":500,"
	    "\"number\":\"84912000101\"}]}}", res);
	assert_int_equal(res[0].status, PROV_TEMPORARY);
	decode(&prov_africastalking, three, 2, 409, "", res);
	assert_int_equal(res[0].status, PROV_PERMANENT);
	assert_int_equal(res[1].status, PROV_PERMANENT);
	/* an entry that cannot be read may be anyone's: try again */
	decode(&prov_africastalking, three, 2, 201,
	    "{\"SMSMessageData\":{\"Recipients\":[{\"number\":"
	    "\"+84912000102\"},{\"statusCode\":101,\"number\":"
	    "\"+84912000101\",\"messageId\":\"ATPid_3\"}]}}", res);
	assert_int_equal(res[0].status, PROV_OK);
	assert_int_equal(res[1].status, PROV_TEMPORARY);
	/* not the answer of a send: every message tries again */
	decode(&prov_africastalking, three, 3, 201, "{\"x\":1}", res);
	assert_int_equal(res[2].status, PROV_TEMPORARY);
}

static void
infobip_bulk(void **state)
{
	static const struct prov_out two[] = {
		{ "+84912000101", "Da nhan #1", "rgw-41" },
		{ "84905000111", "KHAN CAP #2", "rgw-42" },
	};
	struct prov_request	 rq;
	struct prov_result	 res[2];
	json_t			*root, *msgs;

	(void)state;
	assert_int_equal(prov_infobip.send_same_text, 0);
	assert_true(prov_infobip.send_max >= 2);
	build(&prov_infobip, two, 2, &rq);
	assert_string_equal(rq.url, "http://127.0.0.1:9/v1/sms/2/text/advanced");
	assert_string_equal(rq.hdr[0], "Authorization: App k3y");
	root = json_loads(rq.body, 0, NULL);
	msgs = json_object_get(root, "messages");
	assert_int_equal(json_array_size(msgs), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_array_get(msgs, 1), "destinations"), 0),
	    "messageId")), "rgw-42");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_array_get(msgs, 0), "destinations"), 0),
	    "to")), "84912000101");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    msgs, 1), "text")), "KHAN CAP #2");
	json_decref(root);
	prov_request_free(&rq);
	/* each entry by its messageId, in any order */
	decode(&prov_infobip, two, 2, 200, "{\"bulkId\":\"b\",\"messages\":["
	    "{\"to\":\"84905000111\",\"messageId\":\"rgw-42\",\"status\":{"
	    "\"groupName\":\"REJECTED\"}},{\"to\":\"84912000101\","
	    "\"messageId\":\"rgw-41\",\"status\":{\"groupName\":\"PENDING\"}}]}",
	    res);
	assert_int_equal(res[0].status, PROV_OK);
	assert_string_equal(res[0].msg_id, "rgw-41");
	assert_int_equal(res[1].status, PROV_PERMANENT);
	assert_string_equal(res[1].detail, "send: REJECTED");
	/* a message the answer leaves out goes again */
	decode(&prov_infobip, two, 2, 200, "{\"messages\":[{\"messageId\":"
	    "\"rgw-41\",\"status\":{\"groupName\":\"PENDING\"}}]}", res);
	assert_int_equal(res[0].status, PROV_OK);
	assert_int_equal(res[1].status, PROV_TEMPORARY);
	/* the whole request refused: all alike */
	decode(&prov_infobip, two, 2, 429, "{}", res);
	assert_int_equal(res[0].status, PROV_RATE_LIMITED);
	assert_int_equal(res[1].status, PROV_RATE_LIMITED);
	decode(&prov_infobip, two, 2, 401, "{}", res);
	assert_int_equal(res[1].status, PROV_AUTH);
}

static void
single_message_drivers(void **state)
{
	struct prov_request	rq;
	struct prov_result	res[1], r;
	struct provider		p = { &prov_generic, &cp, NULL, 0 };
	char			*t;

	(void)state;
	assert_int_equal(provider_send_max(&p), 1);
	build(&prov_twilio, three, 1, &rq);
	assert_string_equal(rq.body, "To=%2B84912000101&From=8077&Body="
	    "Nhac%3A%20thon%20chua%20bao%20cao");
	assert_string_equal(rq.userpwd, "bacai:k3y");
	prov_request_free(&rq);
	decode(&prov_twilio, three, 1, 201, "{\"sid\":\"SMab\",\"status\":"
	    "\"queued\"}", res);
	assert_int_equal(res[0].status, PROV_OK);
	assert_string_equal(res[0].msg_id, "SMab");
	decode(&prov_twilio, three, 1, 201, "{\"sid\":\"SMab\",\"status\":"
	    "\"failed\"}", res);
	assert_int_equal(res[0].status, PROV_PERMANENT);

	build(&prov_kannel, three, 1, &rq);
	assert_string_equal(rq.method, "GET");
	assert_non_null(strstr(rq.url, "/cgi-bin/sendsms?username=bacai&"
	    "password=k3y&from=8077&to=%2B84912000101&text="));
	prov_request_free(&rq);
	decode(&prov_kannel, three, 1, 202, "Sent.", res);
	assert_int_equal(res[0].status, PROV_OK);
	decode(&prov_kannel, three, 1, 503, "", res);
	assert_int_equal(res[0].status, PROV_TEMPORARY);

	build(&prov_generic, three, 1, &rq);
	assert_string_equal(rq.body, "{\"to\":\"+84912000101\",\"text\":"
	    "\"Nhac: thon chua bao cao\",\"id\":\"rgw-1\"}");
	prov_request_free(&rq);
	decode(&prov_generic, three, 1, 202, "{}", res);
	assert_string_equal(res[0].msg_id, "rgw-1");
	/* no send_url: nothing to build, a permanent failure */
	cp.generic.send_url = NULL;
	assert_int_equal(provider_send_build(&p, three, 1, &rq, &r), -1);
	assert_int_equal(r.status, PROV_PERMANENT);
	cp.generic.send_url = send_url;
	/* more messages than a request takes */
	assert_int_equal(provider_send_build(&p, three, 2, &rq, &r), -1);
	/* what goes in a URL or a form: escaped as libcurl does */
	t = http_escape("Nhac: 100% ~ok_-.+&=\xc3\xa0");
	assert_string_equal(t, "Nhac%3A%20100%25%20~ok_-.%2B%26%3D%C3%A0");
	free(t);
}

static void
no_answer_is_temporary(void **state)
{
	struct provider		p = { &prov_africastalking, &cp, NULL, 0 };
	struct http_response	h;
	struct prov_result	res[3];

	(void)state;
	memset(&h, 0, sizeof(h));
	snprintf(h.error, sizeof(h.error), "Connection refused");
	provider_send_decode(&p, three, 3, &h, 0, res);
	assert_int_equal(res[0].status, PROV_TEMPORARY);
	assert_int_equal(res[2].status, PROV_TEMPORARY);
	assert_string_equal(res[2].detail, "send: Connection refused");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(africastalking_bulk),
		cmocka_unit_test(infobip_bulk),
		cmocka_unit_test(single_message_drivers),
		cmocka_unit_test(no_answer_is_temporary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
