#!/bin/bash
# Font stacks by language (issue 17 point 3), measured in headless Chromium
# with the fonts `sh tools/deps.sh test` installs: Noto CJK beside Latin
# fonts, the machine on which English curly quotes used to come out as
# full-width CJK glyphs (1 em).  Two demo sites, English (gazette init
# --demo) and Chinese (--lang zh-CN), each served by gazette serve; on each,
# one article of each language gets a known text (quotes, apostrophes,
# dashes and an ellipsis typed as Markdown's smart punctuation turns them,
# emphasis, Latin digits in Chinese).  tests/e2e/typography.mjs checks that
# in English text every curly quote and apostrophe is narrower than 0.6 em
# and nothing is drawn with a CJK font, that Chinese quotes are full-width,
# also in a listing item or link whose lang differs from its page's, and
# takes screenshots (1280 and 390 px) to $GAZETTE_BUILD/e2e-out/typography-*.
# Needs chromium, nodejs, npm, fonts-noto-cjk, fonts-liberation2 (sh
# tools/deps.sh test); a missing one is a failure, not a skip.
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
build=${GAZETTE_BUILD:-$src/build}
e2e=$src/tests/e2e
out=$build/e2e-out
export GAZETTE_BUILD=$build

for tool in node npm sqlite3 fc-list "${CHROMIUM:-/usr/bin/chromium}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run sh tools/deps.sh test"
done
# The point of the test is a machine with CJK fonts installed: without them
# English text could not fall back to one, and Chinese would have no
# full-width quotes.
for family in "Noto Serif CJK SC" "Noto Sans CJK SC" "Liberation Serif" "Liberation Sans"; do
	fc-list : family | grep -qx "$family" ||
		fc-list : family | tr ',' '\n' | grep -qx "$family" ||
		die "font family '$family' not installed: run sh tools/deps.sh test (fonts-noto-cjk, fonts-liberation2)"
done

step "install the browser-test packages if missing (npm ci)"
sh "$e2e/setup.sh"
mkdir -p "$out"
rm -f "$out"/typography-*

# Known text.  The English body is typed with straight quotes, -- , --- and
# ..., as an editor types it; the renderer's smart punctuation makes them
# curly quotes, apostrophes, an en dash, an em dash and an ellipsis.  Titles
# and summaries are plain text, so they hold the characters themselves.
en_title='Port’s “new normal” arrives — with a bill'
en_summary='Waiting times are back to ‘normal’ – but shippers say it isn’t the normal they knew.'
cat >"$tmp/en.md" <<'MD'
"The queue is gone," said the harbour master. "What's left is the bill."

Importers' costs -- fuel, demurrage, storage -- rose by a fifth; the 'new normal' is dearer than the old one...

It's a change the port's users didn't expect --- and one they'll feel for years.
MD
zh_title='港区“新常态”来了：排队少了成本未降'
zh_summary='港务局称船舶待泊时间回到“正常”水平，但船代说成本没有下降。'
cat >"$tmp/zh.md" <<'MD'
记者从港务局获悉，业内所说的“新常态”已经到来：排队等泊位的船少了，运价却没有同步回落。

一位船代说：“排队的船少了，但成本没有降下来。”他把这种变化称为‘软着陆’——港区5G码头的效率在提升，*人力成本*却在上涨……

港务局表示，下一步将继续推进“智慧港口”建设，今年计划新增2个自动化泊位。
MD

# sq FILE: the file's text as an SQL string literal.
sq() { printf "'%s'" "$(sed "s/'/''/g" "$1")"; }
printf '%s' "$en_title" >"$tmp/en_title"
printf '%s' "$en_summary" >"$tmp/en_summary"
printf '%s' "$zh_title" >"$tmp/zh_title"
printf '%s' "$zh_summary" >"$tmp/zh_summary"

# rewrite DB ID KIND: article ID gets the KIND (en or zh) title, summary and
# body, through gazette sql (its functions keep the search index right).
rewrite() {
	printf 'UPDATE articles SET title = %s, summary = %s, body = %s WHERE id = %s;\n' \
		"$(sq "$tmp/$3_title")" "$(sq "$tmp/$3_summary")" "$(sq "$tmp/$3.md")" "$2" |
		"$GAZETTE_BIN" sql --db "$1" >/dev/null || die "rewrite article $2 in $1"
	[ "$(sqlite3 "$1" "SELECT title FROM articles WHERE id = $2")" = "$(cat "$tmp/$3_title")" ] ||
		die "article $2 in $1 was not rewritten"
}

# first DB WHERE: the id of the first published article matching WHERE.
first() {
	local id
	id=$(sqlite3 "$1" "SELECT id FROM articles WHERE status = 'published' AND ($2) ORDER BY id LIMIT 1")
	[ -n "$id" ] || die "$1: no published article where $2"
	echo "$id"
}
path_of() { echo "/article/$(sqlite3 "$1" "SELECT slug FROM articles WHERE id = $2")"; }
list_of() {
	echo "/category/$(sqlite3 "$1" "SELECT c.slug FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = $2")"
}

# serve DB NAME: start gazette serve on DB; sets origin.
serve() {
	(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$1" \
		--static "$src/static") >"$tmp/$2.log" 2>&1 &
	pids+=($!)
	local port
	port=$(listen_port "$tmp/$2.log") || { cat "$tmp/$2.log"; die "gazette serve ($2) did not say its port"; }
	origin=http://127.0.0.1:$port
	wait_http "$origin/" 100 || { cat "$tmp/$2.log"; die "gazette serve ($2) does not answer on $origin"; }
}

step "English demo site: an English and a Chinese article rewritten"
"$GAZETTE_BIN" init --db "$tmp/en.db" --demo >"$tmp/init-en.log" 2>&1 ||
	{ cat "$tmp/init-en.log"; die "gazette init --demo"; }
# Articles of the site's language have lang ''; none with translations, so
# that the translated pair keeps its own text.
en_latin=$(first "$tmp/en.db" "lang IN ('', 'en') AND translation_group IS NULL")
en_chinese=$(first "$tmp/en.db" "lang = 'zh-CN' AND translation_group IS NULL")
rewrite "$tmp/en.db" "$en_latin" en
rewrite "$tmp/en.db" "$en_chinese" zh
serve "$tmp/en.db" en
en_origin=$origin

step "Chinese demo site (gazette init --demo --lang zh-CN): a Chinese and an English article rewritten"
"$GAZETTE_BIN" init --db "$tmp/zh.db" --demo --lang zh-CN >"$tmp/init-zh.log" 2>&1 ||
	{ cat "$tmp/init-zh.log"; die "gazette init --demo --lang zh-CN"; }
zh_chinese=$(first "$tmp/zh.db" "lang IN ('', 'zh-CN') AND translation_group IS NULL")
zh_latin=$(first "$tmp/zh.db" "lang = 'en'")
zh_translated=$(first "$tmp/zh.db" "lang IN ('', 'zh-CN') AND translation_group = \
	(SELECT translation_group FROM articles WHERE id = $zh_latin)")
rewrite "$tmp/zh.db" "$zh_chinese" zh
rewrite "$tmp/zh.db" "$zh_latin" en
serve "$tmp/zh.db" zh
zh_origin=$origin

plan=$(python3 - "$en_origin" "$(path_of "$tmp/en.db" "$en_latin")" "$(path_of "$tmp/en.db" "$en_chinese")" \
	"$(list_of "$tmp/en.db" "$en_chinese")" "$zh_title" \
	"$zh_origin" "$(path_of "$tmp/zh.db" "$zh_latin")" "$(path_of "$tmp/zh.db" "$zh_chinese")" \
	"$(list_of "$tmp/zh.db" "$zh_latin")" "$en_title" "$(path_of "$tmp/zh.db" "$zh_translated")" <<'PY'
import json, sys
a = sys.argv[1:]
print(json.dumps({
    "en": {"origin": a[0], "latin": a[1], "chinese": a[2], "list": a[3], "chineseTitle": a[4]},
    "zh": {"origin": a[5], "latin": a[6], "chinese": a[7], "list": a[8], "latinTitle": a[9],
           "translated": a[10]},
}))
PY
)
echo "plan: $plan"

status=0
step "typography.mjs: quotes, dashes and fonts by language in Chromium"
(cd "$e2e" && node typography.mjs "$plan") || status=1

if [ $status -ne 0 ]; then
	echo "--- gazette serve logs (tail)"
	tail -n 10 "$tmp/en.log" "$tmp/zh.log"
	echo "test_typography: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_typography: all checks passed (screenshots and HTML in $out)"
