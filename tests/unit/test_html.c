/*
 * The web console's HTML writer: text is escaped by default, bytes that
 * are not UTF-8 and control characters cannot reach the page, numbers
 * print, templates from labels.conf are escaped whole.
 */
#include "testutil.h"

#include "html.h"

static char *
page(struct html *h)
{
	size_t len;

	return html_take(h, &len);
}

static void
text_is_escaped(void **state)
{
	struct html	 h;
	char		*s;

	(void)state;
	html_init(&h);
	html_text(&h, "<script>alert('x')</script> & \"<img src=x "
	    "onerror=y>\"");
	s = page(&h);
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	    " &amp; &quot;&lt;img src=x onerror=y&gt;&quot;");
	free(s);
	html_free(&h);
}

static void
bad_bytes_are_replaced(void **state)
{
	struct html	 h;
	char		*s;

	(void)state;
	html_init(&h);
	/* NUL, ESC, a lone continuation byte, C1 (U+0085), valid Vietnamese */
	html_textn(&h, "a\0b\x1b[31m\x80\xc2\x85 Bắc\tÁi\n", 22);
	s = page(&h);
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd[31m\xef\xbf\xbd"
	    "\xef\xbf\xbd Bắc\tÁi\n");
	free(s);
	html_free(&h);
}

static void
format_escapes_strings_only(void **state)
{
	struct html	 h;
	char		*s;

	(void)state;
	html_init(&h);
	html_f(&h, "<a href=\"/cases/%lld\" title=\"%s\">%d%% %zu %05ld</a>",
	    12LL, "\"><b>", -3, (size_t)7, 42L);
	s = page(&h);
	assert_string_equal(s, "<a href=\"/cases/12\" title=\"&quot;&gt;&lt;"
	    "b&gt;\">-3% 7 00042</a>");
	free(s);
	html_free(&h);
}

static void
templates_and_urls(void **state)
{
	struct html	 h;
	const char	*vars[] = { "user", "<b>lan</b>", NULL };
	char		*s;

	(void)state;
	html_init(&h);
	html_template(&h, "<i>{user}</i>: {user}", vars);
	html_raw(&h, "|");
	html_url(&h, "BAT 01&x=\"y\"/đ");
	s = page(&h);
	assert_string_equal(s, "&lt;i&gt;&lt;b&gt;lan&lt;/b&gt;&lt;/i&gt;: "
	    "&lt;b&gt;lan&lt;/b&gt;|BAT%2001%26x%3D%22y%22%2F%C4%91");
	free(s);
	html_free(&h);
}

static void
a_page_over_the_cap_is_marked(void **state)
{
	struct html	 h;
	char		 big[4096];
	size_t		 i;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	html_init(&h);
	for (i = 0; i < HTML_MAX / (sizeof(big) - 1) + 2; i++)
		html_text(&h, big);
	assert_true(h.b.truncated);
	assert_true(h.b.len <= HTML_MAX);
	html_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(bad_bytes_are_replaced),
		cmocka_unit_test(format_escapes_strings_only),
		cmocka_unit_test(templates_and_urls),
		cmocka_unit_test(a_page_over_the_cap_is_marked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
