/*
 * vgxml.c - Valgrind's --xml=yes output (Helgrind and DRD) into findings.
 *
 * Read with expat's streaming callbacks; touches only the report it is
 * given. The element nesting is tracked in a growing array, not by
 * recursion, and text is collected into a growing buffer with a cap, so any
 * input is safe. An <error> is added to the report only once its closing tag
 * has been read: a file cut short (Valgrind killed) or broken keeps every
 * complete <error> before the damage.
 *
 * The shape read (protocol 4; Helgrind left, DRD right):
 *
 *   <error>                                <error>
 *     <tid>2</tid>                           <tid>3</tid>
 *     <kind>Race</kind>                      <kind>ConflictingAccess</kind>
 *     <xwhat><text>Possible data race ...    <what>Conflicting load by ...
 *       </text><hthreadid>3</hthreadid>      <stack><frame>...</frame>
 *     </xwhat>                               </stack>
 *     <stack><frame><fn/><dir/><file/>       <auxwhat>Allocation context..
 *       <line/></frame>...</stack>           <other_segment_start>
 *     <xauxwhat><text>This conflicts with      <stack>...</stack>
 *       a previous write ...</text>          </other_segment_start>
 *       <hthreadid>2</hthreadid></xauxwhat>  ...
 *     <stack>...</stack>                   </error>
 *   </error>
 *
 * Accesses, one per <stack> of an error:
 *   what   - the first: the summary. A stack wrapped in an element of its own
 *            (DRD's <other_segment_start>, <first_observed_at>): that
 *            element's name with blanks for '_' ("other segment start").
 *            Otherwise the first <auxwhat> or <xauxwhat><text> since the
 *            stack before ("This conflicts with a previous write of size 8
 *            by thread #2", "Required order was established by acquisition
 *            of lock at 0x10C0A0"); NULL when there is none.
 *   thread - "#N": the first from <xwhat><hthreadid>, else <error><tid>;
 *            later ones from their <xauxwhat><hthreadid>, else NULL.
 * Elements outside <error> (<announcethread>, <errorcounts>, <status> ...)
 * are skipped.
 */
#include "report.h"
#include "report_util.h"

#include <expat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A larger text element is kept only up to here (no real one comes near). */
#define TEXT_MAX (64 * 1024)
/* XML_Parse takes an int length, so longer input goes in pieces. */
#define CHUNK (1 << 20)

enum el {
	EL_OTHER,
	EL_ERROR,
	EL_KIND,
	EL_WHAT,
	EL_XWHAT,
	EL_XAUXWHAT,
	EL_AUXWHAT,
	EL_TEXT,
	EL_TID,
	EL_HTHREADID,
	EL_STACK,
	EL_FRAME,
	EL_FN,
	EL_DIR,
	EL_FILE,
	EL_LINE,
};

static const struct {
	const char *name;
	enum el el;
	bool leaf; /* its text is wanted */
} elements[] = {
    {"error", EL_ERROR, false},
    {"kind", EL_KIND, true},
    {"what", EL_WHAT, true},
    {"xwhat", EL_XWHAT, false},
    {"xauxwhat", EL_XAUXWHAT, false},
    {"auxwhat", EL_AUXWHAT, true},
    {"text", EL_TEXT, true},
    {"tid", EL_TID, true},
    {"hthreadid", EL_HTHREADID, true},
    {"stack", EL_STACK, false},
    {"frame", EL_FRAME, false},
    {"fn", EL_FN, true},
    {"dir", EL_DIR, true},
    {"file", EL_FILE, true},
    {"line", EL_LINE, true},
};

struct vg_state {
	XML_Parser parser;
	struct rl_report *rep;
	bool failed; /* out of memory, or not Valgrind XML: parsing stopped */
	/* element codes of the open elements, outermost first */
	unsigned char *path;
	size_t depth, pathcap;
	/* the <error> being read; err_depth 0 when outside one */
	size_t err_depth;
	struct rl_finding f;
	char *tid;	    /* <error><tid> */
	char *first_thread; /* <xwhat><hthreadid> */
	char *aux_what;	    /* first aux text since the last stack */
	char *aux_thread;
	char *wrapper; /* name of the open child element of <error>, if any */
	struct rl_access *acc; /* open <stack>'s access, in f.accesses */
	struct rl_frame *frame;
	size_t acc_depth, frame_depth; /* their elements' depths */
	char *dir, *file;	       /* of the open <frame> */
	/* text of the open leaf element */
	char *text;
	size_t textlen, textcap;
	bool collecting;
};

static bool is_leaf(enum el el)
{
	for (size_t i = 0; i < sizeof(elements) / sizeof(*elements); i++)
		if (elements[i].el == el)
			return elements[i].leaf;
	return false;
}

static enum el lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(elements) / sizeof(*elements); i++)
		if (strcmp(elements[i].name, name) == 0)
			return elements[i].el;
	return EL_OTHER;
}

static void stop(struct vg_state *st)
{
	st->failed = true;
	XML_StopParser(st->parser, XML_FALSE);
}

static void nomem(struct vg_state *st)
{
	rlr_set_error(st->rep, "out of memory");
	stop(st);
}

static void replace(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

/* Forget the error being read, complete or not. */
static void error_reset(struct vg_state *st)
{
	rlr_finding_clear(&st->f);
	replace(&st->tid, NULL);
	replace(&st->first_thread, NULL);
	replace(&st->aux_what, NULL);
	replace(&st->aux_thread, NULL);
	replace(&st->wrapper, NULL);
	replace(&st->dir, NULL);
	replace(&st->file, NULL);
	st->acc = NULL;
	st->frame = NULL;
	st->err_depth = 0;
}

static int push(struct vg_state *st, enum el el)
{
	if (st->depth == st->pathcap) {
		size_t cap = st->pathcap == 0 ? 16 : st->pathcap * 2;
		unsigned char *grown = realloc(st->path, cap);

		if (grown == NULL)
			return -1;
		st->path = grown;
		st->pathcap = cap;
	}
	st->path[st->depth++] = (unsigned char)el;
	return 0;
}

/* "#" + a Valgrind thread number, as its text output names threads. */
static char *thread_label(const char *id)
{
	size_t n = strlen(id);
	char *s;

	if (n == 0)
		return NULL;
	s = malloc(n + 2);
	if (s != NULL) {
		s[0] = '#';
		memcpy(s + 1, id, n + 1);
	}
	return s;
}

/* A stack inside <other_segment_start> is named by that element. */
static char *wrapper_what(const char *wrapper)
{
	char *s = rlr_strdup(wrapper);

	for (char *p = s; p != NULL && *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

static void open_stack(struct vg_state *st)
{
	bool wrapped = st->wrapper != NULL && st->depth == st->err_depth + 2;
	struct rl_access *a = rlr_add_access(&st->f);

	if (a == NULL) {
		nomem(st);
		return;
	}
	st->acc = a;
	st->acc_depth = st->depth;
	/* The first stack gets the summary when the error is complete. */
	if (st->f.naccesses > 1) {
		if (wrapped) {
			a->what = wrapper_what(st->wrapper);
			if (a->what == NULL) {
				nomem(st);
				return;
			}
		} else {
			a->what = st->aux_what;
			st->aux_what = NULL;
			if (st->aux_thread != NULL &&
			    (a->thread = thread_label(st->aux_thread)) ==
				NULL) {
				nomem(st);
				return;
			}
		}
	}
	replace(&st->aux_what, NULL);
	replace(&st->aux_thread, NULL);
}

static void open_frame(struct vg_state *st)
{
	st->frame = rlr_add_frame(st->acc);
	st->frame_depth = st->depth;
	if (st->frame == NULL)
		nomem(st);
}

/* The frame's file is <dir>/<file> when both are given. */
static void close_frame(struct vg_state *st)
{
	if (st->frame != NULL && st->file != NULL) {
		if (st->dir == NULL || *st->dir == '\0') {
			st->frame->file = st->file;
			st->file = NULL;
		} else {
			size_t nd = strlen(st->dir), nf = strlen(st->file);
			char *path = malloc(nd + nf + 2);

			if (path == NULL) {
				nomem(st);
				return;
			}
			memcpy(path, st->dir, nd);
			path[nd] = '/';
			memcpy(path + nd + 1, st->file, nf + 1);
			st->frame->file = path;
		}
	}
	replace(&st->dir, NULL);
	replace(&st->file, NULL);
	st->frame = NULL;
}

static int fill_first_access(struct vg_state *st)
{
	struct rl_access *a = &st->f.accesses[0];
	const char *id = st->first_thread != NULL ? st->first_thread : st->tid;

	a->what = rlr_strdup(st->f.summary);
	if (a->what == NULL)
		return -1;
	if (id != NULL && *id != '\0' && (a->thread = thread_label(id)) == NULL)
		return -1;
	return 0;
}

static void close_error(struct vg_state *st)
{
	struct rl_finding *slot;

	if (st->f.kind == NULL)
		st->f.kind = rlr_strdup(RLR_UNKNOWN_KIND);
	if (st->f.summary == NULL && st->f.kind != NULL)
		st->f.summary = rlr_strdup(st->f.kind);
	if (st->f.kind == NULL || st->f.summary == NULL ||
	    (st->f.naccesses > 0 && fill_first_access(st) < 0)) {
		nomem(st);
		return;
	}
	slot = rlr_add_finding(st->rep);
	if (slot == NULL) {
		nomem(st);
		return;
	}
	*slot = st->f;
	memset(&st->f, 0, sizeof(st->f));
	error_reset(st);
}

static void start_error_child(struct vg_state *st, enum el el, const char *name)
{
	st->collecting = is_leaf(el);
	st->textlen = 0;
	if (el == EL_STACK && st->acc == NULL)
		open_stack(st);
	else if (el == EL_FRAME && st->acc != NULL && st->frame == NULL)
		open_frame(st);
	else if (el == EL_OTHER && st->depth == st->err_depth + 1) {
		replace(&st->wrapper, rlr_strdup(name));
		if (st->wrapper == NULL)
			nomem(st);
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
			     const XML_Char **attrs)
{
	struct vg_state *st = ud;
	enum el el = lookup(name);

	(void)attrs;
	if (st->failed)
		return;
	if (push(st, el) < 0) {
		nomem(st);
		return;
	}
	if (st->depth == 1 && strcmp(name, "valgrindoutput") != 0) {
		rlr_set_error(st->rep, "not Valgrind XML: the root is <%.40s>",
			      name);
		stop(st);
		return;
	}
	if (st->err_depth == 0 && el == EL_ERROR) {
		st->err_depth = st->depth;
		st->collecting = false;
	} else if (st->err_depth != 0) {
		start_error_child(st, el, name);
	}
}

/* Take the collected text (trimmed) into *slot unless it is already set. */
static void take_text(struct vg_state *st, char **slot)
{
	char *text = rlr_trim(st->text);

	if (*slot != NULL || *text == '\0')
		return;
	*slot = rlr_strdup(text);
	if (*slot == NULL)
		nomem(st);
}

static void leaf_text(struct vg_state *st, enum el el, enum el parent)
{
	if (st->text == NULL)
		return;
	st->text[st->textlen] = '\0';
	if (el == EL_KIND && parent == EL_ERROR)
		take_text(st, &st->f.kind);
	else if ((el == EL_WHAT && parent == EL_ERROR) ||
		 (el == EL_TEXT && parent == EL_XWHAT))
		take_text(st, &st->f.summary);
	else if ((el == EL_TEXT && parent == EL_XAUXWHAT) || el == EL_AUXWHAT)
		take_text(st, &st->aux_what);
	else if (el == EL_TID && parent == EL_ERROR)
		take_text(st, &st->tid);
	else if (el == EL_HTHREADID && parent == EL_XWHAT)
		take_text(st, &st->first_thread);
	else if (el == EL_HTHREADID && parent == EL_XAUXWHAT)
		take_text(st, &st->aux_thread);
	else if (parent == EL_FRAME && st->frame != NULL)
		switch (el) {
		case EL_FN:
			take_text(st, &st->frame->function);
			break;
		case EL_DIR:
			take_text(st, &st->dir);
			break;
		case EL_FILE:
			take_text(st, &st->file);
			break;
		case EL_LINE:
			st->frame->line =
			    rlr_parse_lineno(rlr_trim(st->text), TEXT_MAX);
			break;
		default:
			break;
		}
}

static void end_error_child(struct vg_state *st, enum el el)
{
	enum el parent = (enum el)st->path[st->depth - 2];

	if (st->collecting)
		leaf_text(st, el, parent);
	st->collecting = false;
	if (st->frame != NULL && st->depth == st->frame_depth)
		close_frame(st);
	else if (st->acc != NULL && st->depth == st->acc_depth)
		st->acc = NULL;
	else if (st->depth == st->err_depth + 1 && el == EL_OTHER)
		replace(&st->wrapper, NULL);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct vg_state *st = ud;
	enum el el;

	(void)name;
	if (st->failed || st->depth == 0)
		return;
	el = (enum el)st->path[st->depth - 1];
	if (st->err_depth != 0 && st->depth == st->err_depth)
		close_error(st);
	else if (st->err_depth != 0)
		end_error_child(st, el);
	st->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct vg_state *st = ud;
	size_t n = len > 0 ? (size_t)len : 0;

	if (st->failed || !st->collecting)
		return;
	if (n > TEXT_MAX - st->textlen)
		n = TEXT_MAX - st->textlen;
	if (st->textlen + n + 1 > st->textcap) {
		size_t cap = st->textcap == 0 ? 256 : st->textcap;
		char *grown;

		while (cap < st->textlen + n + 1)
			cap *= 2;
		grown = realloc(st->text, cap);
		if (grown == NULL) {
			nomem(st);
			return;
		}
		st->text = grown;
		st->textcap = cap;
	}
	memcpy(st->text + st->textlen, s, n);
	st->textlen += n;
	st->text[st->textlen] = '\0';
}

/*
 * Did the input stop, undamaged, before the document's end? That is what
 * Valgrind killed at a time-out leaves. expat says so only on the last
 * piece: "no element found" (the root never closed, or no input at all),
 * "unclosed token" or "partial character" (cut inside a tag or a UTF-8
 * sequence). Every <error> closed before that point is kept.
 */
static bool ends_early(const struct vg_state *st, int last)
{
	enum XML_Error code = XML_GetErrorCode(st->parser);

	return last && (code == XML_ERROR_NO_ELEMENTS ||
			code == XML_ERROR_UNCLOSED_TOKEN ||
			code == XML_ERROR_PARTIAL_CHAR);
}

static void feed(struct vg_state *st, const char *xml, size_t len)
{
	size_t pos = 0;

	do {
		size_t n = len - pos > CHUNK ? CHUNK : len - pos;
		int last = pos + n == len;

		if (XML_Parse(st->parser, xml + pos, (int)n, last) ==
		    XML_STATUS_ERROR) {
			if (st->failed)
				return;
			st->rep->truncated = true;
			rlr_set_error(
			    st->rep, "XML error at line %lu, column %lu: %s%s",
			    (unsigned long)XML_GetCurrentLineNumber(st->parser),
			    (unsigned long)XML_GetCurrentColumnNumber(
				st->parser),
			    XML_ErrorString(XML_GetErrorCode(st->parser)),
			    ends_early(st, last)
				? " (the XML ends early: Valgrind stopped "
				  "before it finished writing; the complete "
				  "errors before that point are kept)"
				: "");
			return;
		}
		pos += n;
	} while (pos < len);
}

int rl_vgxml_parse(const char *xml, size_t len, struct rl_report *rep)
{
	struct vg_state st = {.rep = rep};

	memset(rep, 0, sizeof(*rep));
	if (xml == NULL && len > 0) {
		rlr_set_error(rep, "no input text");
		return -1;
	}
	st.parser = XML_ParserCreate(NULL);
	if (st.parser == NULL) {
		rlr_set_error(rep, "out of memory");
		return -1;
	}
	XML_SetUserData(st.parser, &st);
	XML_SetElementHandler(st.parser, on_start, on_end);
	XML_SetCharacterDataHandler(st.parser, on_text);
	feed(&st, xml != NULL ? xml : "", len);
	XML_ParserFree(st.parser);
	error_reset(&st);
	free(st.path);
	free(st.text);
	return rep->error != NULL || rep->truncated || st.failed ? -1 : 0;
}
