/*
 * cmd_list.c - `racelab list`: the catalogue at a glance.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_list(int argc, char **argv)
{
	struct rl_catalogue cat;
	struct rl_cli o;
	int rc = rl_cli_parse("list", argc, argv, "json", &o);

	if (rc != 0)
		return rc;
	if (o.help) {
		printf("usage: racelab list [--json]\n"
		       "The cases, their variants, and the tools racelab "
		       "runs.\n");
		return RL_EXIT_OK;
	}
	if (o.nargs > 0)
		return rl_usage_error("list: unexpected argument '%s'",
				      o.args[0]);
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	if (o.json) {
		struct rl_buf b = {0};
		char *s;

		rl_buf_add(&b, "[", 1);
		for (size_t i = 0; i < cat.ncases; i++) {
			const struct rl_case *c = &cat.cases[i];

			rl_buf_add(&b,
				   i ? ",{\"case\":" : "{\"case\":", i ? 9 : 8);
			rl_json_str(&b, c->id);
			rl_buf_add(&b, ",\"title\":", 9);
			rl_json_str(&b, c->title);
			rl_buf_add(&b, ",\"variants\":[", 13);
			for (int v = 0; v < c->nvariants; v++) {
				if (v)
					rl_buf_add(&b, ",", 1);
				rl_json_str(&b, c->variants[v]);
			}
			rl_buf_add(&b, "]}", 2);
		}
		rl_buf_add(&b, "]", 1);
		s = rl_buf_take(&b);
		puts(s);
		free(s);
	} else {
		printf("%s%-10s %-15s %s%s\n", rl_c_bold(), "case", "variants",
		       "what it shows", rl_c_off());
		for (size_t i = 0; i < cat.ncases; i++) {
			const struct rl_case *c = &cat.cases[i];
			char vs[64] = "";

			for (int v = 0; v < c->nvariants; v++)
				snprintf(vs + strlen(vs),
					 sizeof(vs) - strlen(vs), "%s%s",
					 v ? " " : "", c->variants[v]);
			printf("%-10s %-15s %s\n", c->id, vs,
			       c->title ? c->title : "");
		}
		printf("\n%stools:%s", rl_c_bold(), rl_c_off());
		for (size_t i = 0; i < rl_ntools; i++)
			printf(" %s", rl_tools[i].name);
		printf("\n");
	}
	rl_catalogue_free(&cat);
	return RL_EXIT_OK;
}
