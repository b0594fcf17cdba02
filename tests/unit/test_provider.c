/*
 * The driver registry (provider.c, drivers.h) and the drivers' push
 * decoding: one list of types for the registry and the key table, and
 * what Kannel's get-url and the webhook make of a pushed request.
 */
#include "testutil.h"

#include <jansson.h>

#include "keys.h"
#include "provider.h"

static void
registry_is_one_list(void **state)
{
	const struct conf_key	*k = conf_key_find("provider.type");
	const char		*name, *p;
	size_t			 i, len;

	(void)state;
	assert_non_null(k);
	p = k->choices;
	for (i = 0; (name = provider_type_name(i)) != NULL; i++) {
		assert_non_null(provider_find(name));
		assert_string_equal(provider_find(name)->name, name);
		/* the key table lists the same types in the same order */
		len = strlen(name);
		assert_memory_equal(p, name, len);
		assert_true(p[len] == '|' || p[len] == '\0');
		p += len + (p[len] == '|');
	}
	assert_true(i > 0);
	assert_string_equal(p, "");
	assert_ptr_equal(provider_push_route("/kannel"), &prov_kannel);
	assert_ptr_equal(provider_push_route("/sms"), &prov_generic);
	assert_null(provider_push_route("/ussd"));
}

/* Pushes query/body to ops; returns the outcome (free it). */
static void
push(const struct provider_ops *ops, const char *query, const char *body,
    struct prov_push *p)
{
	struct conf		*c = default_conf();
	struct prov_push_req	 rq;
	struct form		 q;

	assert_int_equal(form_decode(query, strlen(query), 2048, &q), FORM_OK);
	memset(&rq, 0, sizeof(rq));
	rq.query = &q;
	rq.body = body;
	rq.bodylen = strlen(body);
	rq.field_max = 2048;
	provider_push(ops, c, &rq, p);
	form_free(&q);
	conf_free(c);
}

static void
kannel_push(void **state)
{
	struct prov_push p;

	(void)state;
	push(&prov_kannel, "token=T&id=k1&from=%2B84905000111&text=KO&"
	    "time=1700000000", "", &p);
	assert_int_equal(p.refuse, 0);
	assert_string_equal(p.id, "k1");
	assert_string_equal(p.from, "+84905000111");
	assert_string_equal(p.text, "KO");
	assert_int_equal(p.at, 1700000000);
	prov_push_free(&p);
	push(&prov_kannel, "id=k1&from=1", "", &p);
	assert_int_equal(p.refuse, 400);
	assert_string_equal(p.why, "missing text");
	prov_push_free(&p);
	push(&prov_kannel, "id=&from=1&text=x", "", &p);
	assert_int_equal(p.refuse, 400);
	assert_string_equal(p.why, "empty id or sender");
	prov_push_free(&p);
	push(&prov_kannel, "id=k2&from=1&text=a%01b", "", &p);
	assert_int_equal(p.refuse, 400);
	assert_string_equal(p.why, "control bytes in the text");
	prov_push_free(&p);
}

static void
webhook_push(void **state)
{
	struct prov_push p;

	(void)state;
	push(&prov_generic, "", " {\"id\": 7, \"from\": \"0905\", "
	    "\"text\": \"BL G 9\"}", &p);
	assert_int_equal(p.refuse, 0);
	assert_string_equal(p.id, "7");
	assert_string_equal(p.text, "BL G 9");
	assert_true(p.at > 0);
	prov_push_free(&p);
	push(&prov_generic, "", "id=w1&from=0905&text=KO", &p);
	assert_int_equal(p.refuse, 0);
	assert_string_equal(p.id, "w1");
	prov_push_free(&p);
	push(&prov_generic, "", "{\"id\": \"x\"", &p);
	assert_int_equal(p.refuse, 400);
	assert_string_equal(p.why, "body is not a JSON object");
	prov_push_free(&p);
	push(&prov_generic, "", "id=w1&from=0905", &p);
	assert_int_equal(p.refuse, 400);
	assert_string_equal(p.why, "missing field text");
	prov_push_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_is_one_list),
		cmocka_unit_test(kannel_push),
		cmocka_unit_test(webhook_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
