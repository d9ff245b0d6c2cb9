#!/bin/bash
# Translations (issue 17 point 2):
#  1. every translatable string of the templates and the C sources (the
#     markers gz_po2c extract knows) has an entry in po/en.po and in
#     po/zh_CN.po, translated there; a new template string without one is
#     caught with its file:line; GNU msgfmt, when installed, accepts both
#     catalogs as standard .po files;
#  2. gz_po2c compile: a well-formed catalog using the whole .po syntax
#     compiles (and the C compiles); each kind of broken catalog fails
#     with file:line and exit 1, and writes no output;
#  3. a site whose language is zh-CN: pages in Chinese with Chinese dates
#     (2026年12月3日) and counts, no English interface words left, the
#     comment form's messages in Chinese (a comment's length counted in
#     characters, as the form's maxlength counts); the same pages of an
#     English site still read in English, with "3 December 2026"-style dates;
#  4. the admin of a Chinese site shows the refusals written in src/model
#     (article validation, translation links, upload checks) in Chinese: an
#     empty title, a bad slug, an unknown article to translate, an empty
#     upload and a file that is no image, each beside its field.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }
po2c=${GAZETTE_BUILD:-$(dirname "$GAZETTE_BIN")}/gz_po2c
[ -x "$po2c" ] || die "no gz_po2c next to the binary ($po2c)"

step "1. every marked string has a catalog entry"
cd "$src"
sources=$(ls templates/*.html templates/*/*.html templates/*/*.xml templates/*/*.txt \
	src/*/*.c src/*/*/*.c 2>/dev/null)
"$po2c" extract $sources >"$tmp/gazette.pot" 2>"$tmp/extract.err"
check "extract runs over $(echo "$sources" | wc -l) files" [ -s "$tmp/gazette.pot" ]
n=$(grep -c '^msgid "[^"]' "$tmp/gazette.pot")
cond "at least 150 messages extracted ($n)" '[ "$n" -ge 150 ]'
"$po2c" check "$tmp/gazette.pot" po/en.po po/zh_CN.po >"$tmp/check.out" 2>"$tmp/check.err"
rc=$?
cond "po2c check: every message in en.po and zh_CN.po (exit $rc)" '[ $rc = 0 ]'
[ $rc = 0 ] || sed 's/^/    /' "$tmp/check.err" | grep -v warning | head -20
for key in 'msgid "Leave a comment"' 'msgid "by {author}"' 'msgid_plural "{n} comments"' \
	'msgctxt "date format"' 'msgid "Please write a comment."'; do
	check "extracted: $key" grep -qF "$key" "$tmp/gazette.pot"
done
# A template string nobody translated: caught, named with its place.
mkdir -p "$tmp/t"
printf '<p>{{ _("Brand-new words") }}</p>\n<p>{%% trans "New {x}" %%}{%% part x %%}<b>x</b>{%% endpart %%}{%% endtrans %%}</p>\n' \
	>"$tmp/t/new.html"
"$po2c" extract $sources "$tmp/t/new.html" >"$tmp/new.pot" 2>/dev/null
"$po2c" check "$tmp/new.pot" po/en.po po/zh_CN.po >/dev/null 2>"$tmp/new.err"
rc=$?
cond "an untranslated template string fails the check (exit $rc)" '[ $rc = 1 ]'
check "  ... naming the text and where it is used" \
	grep -qF "po/zh_CN.po: no entry for \"Brand-new words\" (used at $tmp/t/new.html:1)" "$tmp/new.err"
check "  ... {% trans %} texts too" grep -qF 'no entry for "New {x}"' "$tmp/new.err"
check "  ... for the English catalog as well" grep -qF 'po/en.po: no entry for "Brand-new words"' "$tmp/new.err"
# An empty Chinese translation: refused (the build runs the same reader).
sed '0,/^msgid "Leave a comment"$/{/^msgid "Leave a comment"$/{n;s/^msgstr .*/msgstr ""/}}' po/zh_CN.po \
	>"$tmp/zh_empty.po"
"$po2c" check "$tmp/gazette.pot" po/en.po "$tmp/zh_empty.po" >/dev/null 2>"$tmp/empty.err"
rc=$?
cond "an empty zh_CN msgstr fails (exit $rc)" '[ $rc = 1 ]'
check "  ... with file:line and the message" \
	grep -qE "^$tmp/zh_empty.po:[0-9]+: \"Leave a comment\" is not translated" "$tmp/empty.err"
if command -v msgfmt >/dev/null 2>&1; then
	for po in po/en.po po/zh_CN.po; do
		check "GNU msgfmt --check accepts $po" msgfmt --check -o /dev/null "$po"
	done
	cmp=$(msgfmt --statistics -o /dev/null po/zh_CN.po 2>&1)
	check "msgfmt: zh_CN.po all translated ($cmp)" sh -c "echo '$cmp' | grep -qv 'untranslated\|fuzzy'"
else
	echo "     (msgfmt not installed: the GNU cross-check is skipped)"
fi

step "2. gz_po2c compile: the .po syntax, and broken catalogs"
cat >"$tmp/en.po" <<'EOF'
# A translator's comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#. An extracted comment
#: templates/x.html:3
#, c-format
msgid "Hello"
msgstr ""

msgctxt "month"
msgid "May"
msgstr ""

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] ""
msgstr[1] ""

msgid ""
"Two "
"lines\n"
"and a \"quote\" \\ \t tab"
msgstr ""
EOF
printf '\xef\xbb\xbf' >"$tmp/zh.po"
cat >>"$tmp/zh.po" <<'EOF'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"
"X-Language-Name: 简体中文\n"

msgid "Hello"
msgstr "你好"
msgctxt "month"
msgid "May"
msgstr "五月"

#~ msgid "Old"
#~ msgstr "旧"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} 个文件"

msgid "Two lines\nand a \"quote\" \\ \t tab"
msgstr "两行\n\"引号\" \\ \t 制表符\x41\101"
EOF
sed -i 's/$/\r/' "$tmp/zh.po" # CRLF line ends, as some editors write
"$po2c" compile "$tmp/ok.c" en="$tmp/en.po" zh-CN="$tmp/zh.po" 2>"$tmp/ok.err"
rc=$?
cond "a catalog using comments, flags, msgctxt, plurals, continued strings, escapes, #~, BOM and CRLF compiles (exit $rc)" '[ $rc = 0 ]'
[ $rc = 0 ] || cat "$tmp/ok.err"
check "  ... the C compiles" cc -std=c17 -Wall -Wextra -Werror -c -I"$src/include" -o "$tmp/ok.o" "$tmp/ok.c"
check "  ... strings escaped as C (UTF-8 bytes in octal)" grep -qF '"\344\275\240\345\245\275"' "$tmp/ok.c"
check "  ... the context joined to the msgid with \\004" grep -qF '"month\004May"' "$tmp/ok.c"
check "  ... the continued, escaped msgid" grep -qF '"Two lines\012and a \"quote\" \\ \011 tab"' "$tmp/ok.c"
check "  ... \\x41 and \\101 read as A" grep -qF '\011 \345\210\266\350\241\250\347\254\246AA"' "$tmp/ok.c"
check "  ... the plural rules as C" grep -qF 'return ((n != 1UL));' "$tmp/ok.c"
check "  ... the language's own name" grep -qF '"zh-CN", "\347\256\200\344\275\223\344\270\255\346\226\207"' "$tmp/ok.c"
check "  ... the #~ entry left out" sh -c "! grep -qF 'Old' '$tmp/ok.c'"
# Each broken catalog: "FILE:LINE: problem", exit 1, nothing written.
hdr='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"
'
bad() { # bad LABEL EXPECTED-MESSAGE BODY...
	local label=$1 want=$2
	shift 2
	printf '%s\n%s\n' "$hdr" "$*" >"$tmp/bad.po"
	rm -f "$tmp/bad.c"
	"$po2c" compile "$tmp/bad.c" en="$tmp/en.po" zh-CN="$tmp/bad.po" 2>"$tmp/bad.err"
	local rc=$?
	if [ $rc = 1 ] && grep -qF "$tmp/bad.po:$want" "$tmp/bad.err" && [ ! -e "$tmp/bad.c" ]; then
		pass "$label: $(cat "$tmp/bad.err")"
	else
		fail "$label: exit $rc, '$(cat "$tmp/bad.err")', want '$tmp/bad.po:$want'"
	fi
}
ok4='msgctxt "month"
msgid "May"
msgstr "五月"
msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} 个文件"
msgid "Two lines\nand a \"quote\" \\ \t tab"
msgstr "两行"'
bad "unterminated string" '6: unterminated string' 'msgid "Hello
msgstr "x"'
bad "unknown escape" '7: unknown escape \q' 'msgid "Hello"
msgstr "a\qb"'
bad "text after the string" '7: unexpected text after the string' 'msgid "Hello"
msgstr "x" y'
bad "msgstr without msgid" '6: msgstr without msgid' 'msgstr "x"'
bad "string without keyword" '6: string without a keyword' '"x"'
bad "unknown keyword" "6: unknown keyword 'msgtxt \"Hello\"'" 'msgtxt "Hello"'
bad "second msgid" '7: second msgid in one entry' 'msgid "Hello"
msgid "Again"'
bad "msgstr[0] without plural" '7: msgstr[0] in an entry without msgid_plural' 'msgid "Hello"
msgstr[0] "x"'
bad "plural without msgstr[n]" '8: an entry with msgid_plural needs msgstr[0], msgstr[1]...' 'msgid "{n} file"
msgid_plural "{n} files"
msgstr "x"'
bad "msgstr[n] out of order" '8: msgstr[1] out of order (expected msgstr[0])' 'msgid "{n} file"
msgid_plural "{n} files"
msgstr[1] "x"'
bad "too many plural forms" '6: "{n} file" has 2 plural forms; the language has 1' 'msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "x"
msgstr[1] "y"'
bad "fuzzy entry" '7: fuzzy translation of "Hello"' '#, fuzzy
msgid "Hello"
msgstr "你好"'
bad "empty translation" '6: "Hello" is not translated' 'msgid "Hello"
msgstr ""'
bad "placeholder the English lacks" '6: translation uses {name}, which "Hello" does not have' 'msgid "Hello"
msgstr "你好 {name}"'
bad "date format conversion" '16: date format: unknown % conversion' "$ok4"'
msgid "Hello"
msgstr "你好"
msgctxt "date format"
msgid "%d"
msgstr "%Q"'
bad "duplicate" '8: duplicate message "Hello" (also at line 6)' 'msgid "Hello"
msgstr "你好"
msgid "Hello"
msgstr "您好"'
bad "missing message" '1: no entry for "Hello"' "$ok4"
bad "message not in English" '16: "Extra" is not in' "$ok4"'
msgid "Hello"
msgstr "你好"
msgid "Extra"
msgstr "多余"'
bad "NUL escape" '7: NUL byte in a string' 'msgid "Hello"
msgstr "a\0b"'
printf '%s\nmsgid "Hello"\nmsgstr "\xff"\n' "$hdr" >"$tmp/utf.po"
"$po2c" compile "$tmp/bad.c" en="$tmp/en.po" zh-CN="$tmp/utf.po" 2>"$tmp/bad.err"
rc=$?
cond "invalid UTF-8 ($(cat "$tmp/bad.err"))" '[ $rc = 1 ] && grep -qF "utf.po:7: invalid UTF-8" "$tmp/bad.err"'
hdr='msgid ""
msgstr ""
"Content-Type: text/plain; charset=ISO-8859-1\n"
'
bad "charset other than UTF-8" '1: the catalog must be UTF-8' 'msgid "Hello"
msgstr "x"'
for pf in 'nplurals=7; plural=0;' 'nplurals=2; plural=(n != 1' 'nplurals=2; plural=n ? 1;' \
	'nplurals=2; plural=m;' 'plural=0;' 'nplurals=2; plural=((((((((((((((((((((((((((((((((((n))))))))))))))))))))))))))))))))));'; do
	hdr='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: '"$pf"'\n"
'
	bad "Plural-Forms '$pf'" '1: ' 'msgid "Hello"
msgstr "x"'
done
hdr=''
bad "no header entry" '1: no header entry' 'msgid "Hello"
msgstr "x"'
head -c $((8 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$tmp/big.po"
"$po2c" compile "$tmp/bad.c" en="$tmp/en.po" zh-CN="$tmp/big.po" 2>"$tmp/bad.err"
rc=$?
cond "a catalog over 8 MiB refused ($(cat "$tmp/bad.err"))" '[ $rc = 1 ] && grep -qF "larger than" "$tmp/bad.err"'
printf 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n%%10==1 && n%%100!=11 ? 0 : n%%10>=2 && n%%10<=4 && (n%%100<10 || n%%100>=20) ? 1 : 2);\\n"\n' \
	>"$tmp/ru.po"
"$po2c" compile "$tmp/ru.c" en="$tmp/ru.po" 2>"$tmp/ru.err"
cat >"$tmp/ru_main.c" <<'EOF'
#include <stdio.h>
#include "gazette/i18n.h"
int
main(void)
{
	static const unsigned long n[] = {0, 1, 2, 5, 11, 21, 22, 25, 101, 111, 1000001};
	size_t i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		printf("%lu", gz_i18n_catalogs[0].plural(n[i]));
	}
	printf("\n");
	return 0;
}
EOF
cc -std=c17 -I"$src/include" -o "$tmp/ru" "$tmp/ru_main.c" "$tmp/ru.c" 2>"$tmp/ru.err"
got=$("$tmp/ru" 2>/dev/null)
cond "Russian Plural-Forms compiled with C's precedence: 0 1 2 5 11 21 22 25 101 111 1000001 -> $got" \
	'[ "$got" = 20122012020 ]'

step "3. a Chinese site and an English one"
cd "$tmp"
"$GAZETTE_BIN" init --db "$tmp/en.db" --demo >/dev/null 2>&1 || die "init en"
cp "$tmp/en.db" "$tmp/zh.db"
sqlite3 "$tmp/zh.db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_language', 'zh-CN'), ('comment_min_seconds', '0');"
art=/article/$(sqlite3 "$tmp/zh.db" "SELECT slug FROM articles WHERE status = 'published' AND comments_open = 1 ORDER BY id LIMIT 1;")
cat=/category/$(sqlite3 "$tmp/zh.db" "SELECT slug FROM categories ORDER BY id LIMIT 1;")
# get DB PATH OUT: one CGI GET; the body in OUT.body.
get() {
	env -i PATH="$PATH" GAZETTE_DB="$1" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		REQUEST_URI="$2" QUERY_STRING="${2#*\?}" HTTP_HOST=x GAZETTE_STRICT=1 "$GAZETTE_BIN" >"$3" 2>"$3.err"
	split_cgi "$3"
}
get "$tmp/zh.db" / "$tmp/zh_home"
get "$tmp/zh.db" "$art" "$tmp/zh_art"
get "$tmp/zh.db" "$cat" "$tmp/zh_cat"
get "$tmp/zh.db" /no-such-page "$tmp/zh_404"
get "$tmp/en.db" / "$tmp/en_home"
get "$tmp/en.db" "$art" "$tmp/en_art"
for f in zh_home zh_art zh_cat zh_404 en_home en_art; do
	check "$f rendered strictly, nothing on stderr" sh -c "[ -s '$tmp/$f.body' ] && [ ! -s '$tmp/$f.err' ]"
done
check "zh: <html lang=\"zh-CN\">" grep -qF '<html lang="zh-CN">' "$tmp/zh_home.body"
for s in '>跳到正文<' '>首页<' 'placeholder="搜索"' '>最新报道<' '>隐私与 Cookie 政策<' '>Cookie 设置<' \
	'>网站地图<' '由 Gazette 发布'; do
	check "zh home: $s" grep -qF "$s" "$tmp/zh_home.body"
done
check "zh home: list dates like 2026年12月3日" grep -qE '<time datetime="[0-9T:Z-]+">20[0-9]{2}年1?[0-9]月[1-3]?[0-9]日</time>' "$tmp/zh_home.body"
check "zh home: comment counts in Chinese" grep -qE ' · [0-9,]+ 条评论</p>' "$tmp/zh_home.body"
check "zh home: bylines 作者：" grep -qF '<p class="meta">作者：<a href="/author/' "$tmp/zh_home.body"
for s in '<p class="byline">作者：<a' '>发表评论<' '>提交评论<' '>姓名 *<' '>电子邮箱 *<' \
	'了解我们如何处理您的评论数据</a>。' 'aria-label="分享本文"' '>电子邮件<'; do
	check "zh article: $s" grep -qF "$s" "$tmp/zh_art.body"
done
check "zh article: the date 2026年12月3日 14:05（UTC）" \
	grep -qE '<time datetime="[0-9T:Z-]+">20[0-9]{2}年1?[0-9]月[1-3]?[0-9]日 [0-2][0-9]:[0-5][0-9]（UTC）</time>' "$tmp/zh_art.body"
check "zh article: machine dates unchanged (datetime=, og:)" \
	grep -qE 'property="article:published_time" content="20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$tmp/zh_art.body"
check "zh listing: breadcrumb 首页 » the section" grep -qF '<ol><li><a href="/">首页</a></li><li aria-current="page">' "$tmp/zh_cat.body"
check "zh 404: 页面不存在" grep -qF '<h1 class="page-title">页面不存在</h1>' "$tmp/zh_404.body"
for f in zh_home zh_art zh_cat zh_404; do
	left=$(grep -oE '>(Skip to content|Home|Search|Latest news|Most read|Leave a comment|Post Comment|Comments|Page not found|Previous|Next|Older|Newer|RSS feed|Sitemap|Cookie settings|About)<' \
		"$tmp/$f.body" | sort -u | tr '\n' ' ')
	cond "$f: no English interface words left (${left:-none})" '[ -z "$left" ]'
done
check "en home: English still" grep -qF '>Latest news<' "$tmp/en_home.body"
check "en home: dates like 3 Dec 2026" \
	grep -qE '<time datetime="[0-9T:Z-]+">[1-3]?[0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9]{2}</time>' "$tmp/en_home.body"
check "en article: by, Leave a comment" sh -c "grep -qF '<p class=\"byline\">by <a' '$tmp/en_art.body' && grep -qF '>Leave a comment<' '$tmp/en_art.body'"
check "en article: 3 December 2026, 14:05 UTC" \
	grep -qE '>[1-3]?[0-9] (January|February|March|April|May|June|July|August|September|October|November|December) 20[0-9]{2}, [0-2][0-9]:[0-5][0-9] UTC</time>' "$tmp/en_art.body"
# The comment form's messages come from C and are translated as shown.
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/zh.db" >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
wait_http "http://127.0.0.1:$port/" || die "serve does not answer"
fetch "http://127.0.0.1:$port$art" "$tmp/zh_form" >/dev/null
tok=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$tmp/zh_form")
non=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$tmp/zh_form")
code=$(fetch "http://127.0.0.1:$port$art/comments" "$tmp/zh_post" --data-urlencode "token=$tok" \
	--data-urlencode "nonce=$non" --data-urlencode "name=" --data-urlencode "email=x" \
	--data-urlencode "body=$(python3 -c 'print("字" * 5001)')")
check "zh comment with three bad fields: 422 ($code)" [ "$code" = 422 ]
check "  ... notice in Chinese" grep -qF '评论未能提交。请修改下方标出的栏目。' "$tmp/zh_post"
check "  ... name error" grep -qF 'id="comment-name-error">请填写您的姓名。</p>' "$tmp/zh_post"
check "  ... email error" grep -qF 'id="comment-email-error">请填写有效的电子邮箱地址，例如 name@example.org。</p>' "$tmp/zh_post"
check "  ... body error with numbers filled in" \
	grep -qF 'id="comment-body-error">评论太长（5001 个字符，最多 5000 个）。</p>' "$tmp/zh_post"
fetch "http://127.0.0.1:$port$art" "$tmp/zh_form2" >/dev/null
tok=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$tmp/zh_form2")
non=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$tmp/zh_form2")
code=$(fetch "http://127.0.0.1:$port$art/comments" "$tmp/zh_ok" --data-urlencode "token=$tok" \
	--data-urlencode "nonce=$non" --data-urlencode "name=读者" --data-urlencode "email=r@example.org" \
	--data-urlencode "body=$(python3 -c 'print("字" * 5000)')")
check "zh comment of 5000 Chinese characters (15000 bytes) within maxlength 5000: accepted ($code)" \
	[ "$code" = 303 ]
code=$(fetch "http://127.0.0.1:$port$art/comments" "$tmp/zh_tok" --data-urlencode "token=1.00" \
	--data-urlencode "nonce=$non" --data-urlencode "name=A" --data-urlencode "email=a@b.example" \
	--data-urlencode "body=hi")
check "zh bad token: 400 and the Chinese notice ($code)" \
	sh -c "[ '$code' = 400 ] && grep -qF '表单已过期或已损坏。' '$tmp/zh_tok'"
stop_pid "$spid"

step "4. the admin of a Chinese site: the model's refusals in Chinese"
"$GAZETTE_BIN" init --db "$tmp/zha.db" --demo --lang zh-CN >/dev/null 2>&1 || die "init zh-CN"
echo 'editor pass 123' | "$GAZETTE_BIN" user add editor1 --role editor --password-stdin --db "$tmp/zha.db" \
	>/dev/null || die "user add editor1"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/zha.db" >"$tmp/zha.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/zha.log") || { cat "$tmp/zha.log"; die "no port in $tmp/zha.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
jar=$tmp/zha.jar
curl -s -c "$jar" -b "$jar" -o "$tmp/zha_lf" "$base/admin/login"
ltok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/zha_lf")
fetch "$base/admin/login" "$tmp/zha_login" -c "$jar" -b "$jar" --data-urlencode "login=editor1" \
	--data-urlencode "password=editor pass 123" --data "login_token=$ltok" >/dev/null
code=$(fetch "$base/admin/articles/new" "$tmp/zha_new" -b "$jar")
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/zha_new" | head -1)
cond "logged in: the new-article form ($code) with a csrf token" '[ "$code" = 200 ] && [ -n "$csrf" ]'
check "  ... in Chinese (<html lang=\"zh-CN\">)" grep -qF '<html lang="zh-CN">' "$tmp/zha_new"
n0=$(sqlite3 "$tmp/zha.db" "SELECT count(*) FROM articles")
code=$(fetch "$base/admin/articles" "$tmp/zha_bad" -b "$jar" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=" --data-urlencode "slug=Bad Slug" --data-urlencode "body=正文" \
	--data-urlencode "translation_of=no-such-article-anywhere")
n1=$(sqlite3 "$tmp/zha.db" "SELECT count(*) FROM articles")
cond "empty title, bad slug, unknown original: 422 ($code), nothing saved ($n0 -> $n1 articles)" \
	'[ "$code" = 422 ] && [ "$n0" = "$n1" ]'
check "  ... title: 请填写文章标题。" grep -qF 'id="title-error">请填写文章标题。</p>' "$tmp/zha_bad"
check "  ... slug: the slug rule in Chinese" \
	grep -qF 'id="slug-error">请使用小写字母、数字和单个连字符（首尾不能是连字符），最多 200 字节。</p>' "$tmp/zha_bad"
# The link is checked after the fields, so a valid form with only a bad
# original shows the translation refusal.
code=$(fetch "$base/admin/articles" "$tmp/zha_tr" -b "$jar" --data "csrf=$csrf&status=draft" \
	--data-urlencode "title=标题" --data-urlencode "translation_of=no-such-article-anywhere")
cond "unknown article to translate: 422 ($code)" '[ "$code" = 422 ]'
check "  ... 没有文章使用这个编号或别名。" \
	grep -qF 'id="translation_of-error">没有文章使用这个编号或别名。</p>' "$tmp/zha_tr"
m0=$(sqlite3 "$tmp/zha.db" "SELECT count(*) FROM media")
: >"$tmp/empty.png"
printf '#!/bin/sh\necho hi\n' >"$tmp/script.png"
code=$(fetch "$base/admin/media" "$tmp/zha_up" -b "$jar" -F "csrf=$csrf" -F "file=@$tmp/empty.png;type=image/png")
cond "empty upload: 422 ($code)" '[ "$code" = 422 ]'
check "  ... 文件是空的。 beside the file field" grep -qF 'id="file-error">文件是空的。</p>' "$tmp/zha_up"
code=$(fetch "$base/admin/media" "$tmp/zha_up2" -b "$jar" -F "csrf=$csrf" -F "file=@$tmp/script.png;type=image/png")
cond "a script named .png: 422 ($code)" '[ "$code" = 422 ]'
check "  ... 这不是 PNG、JPEG、GIF 或 WebP 图片。" \
	grep -qF 'id="file-error">这不是 PNG、JPEG、GIF 或 WebP 图片。</p>' "$tmp/zha_up2"
m1=$(sqlite3 "$tmp/zha.db" "SELECT count(*) FROM media")
cond "  ... no media row written by the refused uploads ($m0 -> $m1)" '[ "$m0" = "$m1" ]'
left=$(cat "$tmp/zha_bad" "$tmp/zha_tr" "$tmp/zha_up" "$tmp/zha_up2" |
	grep -oE 'class="error"[^>]*>[^<]*<' | sed 's/^[^>]*>//; s/<$//' | grep -E '[a-z]{3,}' | sort -u | tr '\n' ' ')
cond "no English left in the error messages (${left:-none})" '[ -z "$left" ]'
stop_pid "$spid"

finish
