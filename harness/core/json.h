/*
 * json.h - the little JSON racelab writes (--json, the grader): string
 * escaping and the findings array, so every tool speaks one schema.
 */
#ifndef RACELAB_JSON_H
#define RACELAB_JSON_H

#include "report.h"
#include "util.h"

/* JSON string literal for s (NULL -> null) appended to b. */
void rl_json_str(struct rl_buf *b, const char *s);

/* [{"kind":..,"function":..,"file":..,"line":..,"threads":[..],
 *   "summary":..},...] */
void rl_json_findings(struct rl_buf *b, const struct rl_report *rep);

#endif
