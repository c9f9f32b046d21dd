/*
 * json.c - JSON escaping and the findings array (schema: docs/json.md).
 */
#include "json.h"
#include "judge.h"
#include "paths.h"

void rl_json_str(struct rl_buf *b, const char *s)
{
	if (s == NULL) {
		rl_buf_add(b, "null", 4);
		return;
	}
	rl_buf_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			rl_buf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			rl_buf_add(b, "\\n", 2);
		else if (*p == '\t')
			rl_buf_add(b, "\\t", 2);
		else if (*p < 0x20)
			rl_buf_printf(b, "\\u%04x", *p);
		else
			rl_buf_add(b, (const char *)p, 1);
	}
	rl_buf_add(b, "\"", 1);
}

void rl_json_findings(struct rl_buf *b, const struct rl_report *rep)
{
	rl_buf_add(b, "[", 1);
	for (size_t i = 0; i < rep->nfindings; i++) {
		const struct rl_finding *f = &rep->findings[i];
		const struct rl_frame *w =
		    f->naccesses ? rl_access_where(&f->accesses[0]) : NULL;

		rl_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
		rl_buf_add(b, "\"kind\":", 7);
		rl_json_str(b, f->kind);
		rl_buf_add(b, ",\"function\":", 12);
		rl_json_str(b, w ? w->function : NULL);
		rl_buf_add(b, ",\"file\":", 8);
		rl_json_str(b, w ? rl_path_short(w->file) : NULL);
		rl_buf_printf(b, ",\"line\":%d,\"threads\":[", w ? w->line : 0);
		for (size_t k = 0, n = 0; k < f->naccesses; k++) {
			if (f->accesses[k].thread == NULL)
				continue;
			if (n++)
				rl_buf_add(b, ",", 1);
			rl_json_str(b, f->accesses[k].thread);
		}
		rl_buf_add(b, "],\"summary\":", 12);
		rl_json_str(b, f->summary);
		rl_buf_add(b, "}", 1);
	}
	rl_buf_add(b, "]", 1);
}
