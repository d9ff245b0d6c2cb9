#!/bin/bash
# Languages (issue 17 point 1) through `gazette serve` on real demo sites:
#  1. `gazette init --demo --lang zh-CN`: a Chinese site; an unknown tag
#     is a usage error (exit 2) that leaves no file behind;
#  2. the Chinese site: <html lang="zh-CN">, JSON-LD inLanguage, RSS
#     <language>, Atom xml:lang, the news sitemap's <news:language> per
#     article (zh-cn, en); its English article says lang="en" on its page,
#     on its listing items (home, section, search) and in the Atom feed;
#     the two versions announce each other (hreflang alternates, x-default)
#     and link each other visibly ("Read in English" / "阅读中文版");
#  3. the admin: the site language select, a bad tag refused (422); the
#     editor's Language and Translation of: a new English translation of a
#     Chinese article, a second one refused beside the field, unlinking;
#  4. the English demo still says lang="en", marks its Chinese articles
#     and links its lead story with its Chinese translation.
# Pages render with strict templates (GAZETTE_STRICT=1): a variable the
# language code forgot to set is a 500, not an empty attribute.  The admin
# speaks the site's language (L1's catalogs), so its messages are checked
# by where they stand, not by their words.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }

zh=$tmp/zh.db
en=$tmp/en.db

step "gazette init --lang"
"$GAZETTE_BIN" init --db "$tmp/bad.db" --demo --lang fr >"$tmp/o" 2>"$tmp/e"
rc=$?
cond "unknown language: exit 2 ($rc), named on stderr, supported ones listed, no file" \
	'[ $rc = 2 ] && grep -q "unknown language '"'"'fr'"'"'" "$tmp/e" && grep -q "en, zh-CN" "$tmp/e" && [ ! -e "$tmp/bad.db" ]'
"$GAZETTE_BIN" init --db "$tmp/bad.db" --lang >"$tmp/o" 2>"$tmp/e"
rc=$?
cond "--lang without a value: exit 2 ($rc)" '[ $rc = 2 ] && [ ! -e "$tmp/bad.db" ]'
"$GAZETTE_BIN" init --db "$zh" --demo --lang zh-CN >"$tmp/init" 2>&1
rc=$?
cond "Chinese demo: exit 0 ($rc), says the language" '[ $rc = 0 ] && grep -q "site language: zh-CN" "$tmp/init"'
pw=$(sed -n 's/^admin password: \([^ ]*\) .*/\1/p' "$tmp/init")
check "  site_language is zh-CN" [ "$(sqlite3 "$zh" "SELECT value FROM settings WHERE key = 'site_language'")" = zh-CN ]
check "  12 articles on the site, one in English" \
	[ "$(sqlite3 "$zh" "SELECT count(*) || ' ' || sum(lang = 'en') FROM articles WHERE status = 'published'")" = "12 1" ]
"$GAZETTE_BIN" init --db "$tmp/plain.db" --lang zh_cn >"$tmp/o" 2>&1
rc=$?
cond "--lang without --demo sets the language, canonical ($rc)" \
	'[ $rc = 0 ] && [ "$(sqlite3 "$tmp/plain.db" "SELECT value FROM settings WHERE key = '"'"'site_language'"'"'")" = zh-CN ]'
"$GAZETTE_BIN" init --db "$zh" --demo --lang zh-CN >"$tmp/o" 2>"$tmp/e"
rc=$?
cond "demo again on a site with content: exit 1 ($rc), nothing changed" \
	'[ $rc = 1 ] && [ "$(sqlite3 "$zh" "SELECT count(*) FROM articles")" = 13 ]'
"$GAZETTE_BIN" init --db "$en" --demo >/dev/null 2>&1 || die "init en"

# start DB LOG: gazette serve on DB; sets base.
start() {
	GAZETTE_STRICT=1 "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$1" >"$2" 2>&1 &
	pids+=($!)
	port=$(listen_port "$2") || { cat "$2"; die "no port in $2"; }
	base=http://127.0.0.1:$port
	wait_http "$base/" || die "serve does not answer"
}
# html_lang FILE: the lang of <html>.
html_lang() {
	sed -n 's/^<html lang="\([^"]*\)">.*/\1/p' "$1" | head -1
}
# ld_lang FILE: inLanguage of the page's NewsArticle JSON-LD.
ld_lang() {
	python3 -c '
import json, re, sys
for m in re.finditer(r"<script type=\"application/ld\+json\">(.*?)</script>", open(sys.argv[1]).read(), re.S):
    d = json.loads(m.group(1))
    if d.get("@type") == "NewsArticle":
        print(d.get("inLanguage", ""))' "$1"
}
# alternates FILE: "hreflang=path" of every hreflang alternate, sorted, one line.
alternates() {
	sed -n 's|.*<link rel="alternate" hreflang="\([^"]*\)" href="http://127.0.0.1:[0-9]*\([^"]*\)">.*|\1=\2|p' "$1" |
		sort | tr '\n' ' '
}
# item_lang FILE SLUG: the lang attribute of the story item linking to SLUG ("-" when none).
item_lang() {
	python3 - "$1" "$2" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.found = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li":
            self.stack.append(a)
        if tag == "a" and a.get("href") == "/article/" + sys.argv[2] and self.stack and self.found is None:
            self.found = self.stack[-1].get("lang", "-")
    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print(p.found if p.found is not None else "missing")
PY
}

zh_slug=gangkou-jizhuangxiang-tuntuliang-zengzhang
en_slug=yungang-port-container-volumes-up

step "the Chinese site"
start "$zh" "$tmp/serve-zh.log"
zbase=$base
code=$(fetch "$base/" "$tmp/home")
cond "home: 200 ($code), <html lang=\"zh-CN\"> ($(html_lang "$tmp/home"))" \
	'[ "$code" = 200 ] && [ "$(html_lang "$tmp/home")" = zh-CN ]'
got=$(item_lang "$tmp/home" "$en_slug")
cond "  the English article's item says lang=\"en\" ($got)" '[ "$got" = en ]'
got=$(item_lang "$tmp/home" "$zh_slug")
cond "  a Chinese article's item carries no lang of its own ($got)" '[ "$got" = - ]'
check "  no site-language marks on a page in the site's language" \
	sh -c "! grep -q '<div lang=' '$tmp/home'"
code=$(fetch "$base/category/caijing" "$tmp/cat")
got=$(item_lang "$tmp/cat" "$en_slug")
cond "section page: 200 ($code), the English item lang=\"en\" ($got)" '[ "$code" = 200 ] && [ "$got" = en ]'
code=$(fetch "$base/search?q=container" "$tmp/search")
got=$(item_lang "$tmp/search" "$en_slug")
cond "search hit in English: lang=\"en\" ($code, $got)" '[ "$code" = 200 ] && [ "$got" = en ]'

code=$(fetch "$base/article/$zh_slug" "$tmp/za")
cond "Chinese article: 200 ($code), <html lang=\"zh-CN\">" '[ "$code" = 200 ] && [ "$(html_lang "$tmp/za")" = zh-CN ]'
got=$(ld_lang "$tmp/za")
cond "  JSON-LD inLanguage zh-CN ($got)" '[ "$got" = zh-CN ]'
got=$(alternates "$tmp/za")
cond "  hreflang: itself, the English one, x-default the site's ($got)" \
	'[ "$got" = "en=/article/$en_slug x-default=/article/$zh_slug zh-CN=/article/$zh_slug " ]'
check "  visible 'Read in English', in English, to the English one" \
	grep -qF "<p class=\"translations\"><a href=\"/article/$en_slug\" hreflang=\"en\" lang=\"en\">Read in English</a></p>" "$tmp/za"
check "  the translation is not offered again as related reading" \
	sh -c "! grep -q 'see-also.*$en_slug' '$tmp/za'"

code=$(fetch "$base/article/$en_slug" "$tmp/ea")
cond "English article: 200 ($code), <html lang=\"en\"> ($(html_lang "$tmp/ea"))" \
	'[ "$code" = 200 ] && [ "$(html_lang "$tmp/ea")" = en ]'
got=$(ld_lang "$tmp/ea")
cond "  JSON-LD inLanguage en ($got)" '[ "$got" = en ]'
got=$(alternates "$tmp/ea")
cond "  hreflang both ways, x-default the Chinese one ($got)" \
	'[ "$got" = "en=/article/$en_slug x-default=/article/$zh_slug zh-CN=/article/$zh_slug " ]'
check "  visible '阅读中文版', in Chinese, to the Chinese one" \
	grep -qF "<p class=\"translations\"><a href=\"/article/$zh_slug\" hreflang=\"zh-CN\" lang=\"zh-CN\">阅读中文版</a></p>" "$tmp/ea"
check "  the site's name and sections stay marked Chinese" \
	sh -c "grep -q '<div lang=\"zh-CN\">' '$tmp/ea' && grep -q 'href=\"/category/caijing\"[^>]*lang=\"zh-CN\">财经</a>' '$tmp/ea'"
check "  the cookie banner's text (the site's setting) is marked Chinese" \
	grep -qF '<p><span lang="zh-CN">本站只用一个 Cookie' "$tmp/ea"
check "  its Chinese neighbours in 'You may also like' say lang=\"zh-CN\"" \
	grep -q '<li lang="zh-CN"><a href="/article/' "$tmp/ea"

code=$(fetch "$base/feed" "$tmp/rss")
cond "RSS: 200 ($code), <language>zh-CN</language>, well-formed" \
	'[ "$code" = 200 ] && grep -q "<language>zh-CN</language>" "$tmp/rss" && python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$tmp/rss"'
code=$(fetch "$base/feed/atom" "$tmp/atom")
got=$(python3 -c '
import sys, xml.etree.ElementTree as E
X = "{http://www.w3.org/XML/1998/namespace}lang"
A = "{http://www.w3.org/2005/Atom}"
f = E.parse(sys.argv[1]).getroot()
langs = {e.find(A + "id").text.rsplit("/", 1)[1]: e.get(X, "-") for e in f.findall(A + "entry")}
print(f.get(X), langs.get(sys.argv[2]), langs.get(sys.argv[3]))' "$tmp/atom" "$en_slug" "$zh_slug")
cond "Atom: 200 ($code), feed zh-CN, the English entry en, a Chinese one inherits ($got)" \
	'[ "$code" = 200 ] && [ "$got" = "zh-CN en -" ]'
code=$(fetch "$base/news-sitemap.xml" "$tmp/news")
got=$(python3 -c '
import sys, xml.etree.ElementTree as E
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
N = "{http://www.google.com/schemas/sitemap-news/0.9}"
out = {}
for u in E.parse(sys.argv[1]).getroot().findall(S + "url"):
    out[u.find(S + "loc").text.rsplit("/", 1)[1]] = u.find(N + "news/" + N + "publication/" + N + "language").text
print(out.get(sys.argv[2], "absent"), out.get(sys.argv[3], "absent"), sorted(set(out.values())))' "$tmp/news" "$en_slug" "$zh_slug")
cond "news sitemap: 200 ($code), en for the English article, zh-cn for the Chinese ($got)" \
	'[ "$code" = 200 ] && [ "$got" = "en zh-cn ['"'"'en'"'"', '"'"'zh-cn'"'"']" ]'

step "admin: the site language and the editor"
jar=$tmp/jar
curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=admin" \
	--data-urlencode "password=$pw" --data "login_token=$tok" >/dev/null
code=$(fetch "$base/admin/settings" "$tmp/set" -b "$jar")
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/set" | head -1)
cond "settings: 200 ($code), the language select with 中文（简体） chosen" \
	'[ "$code" = 200 ] && grep -qF "<option value=\"zh-CN\" lang=\"zh-CN\" selected>中文（简体）</option>" "$tmp/set"'
# settings_form FILE KEY VALUE: the settings form as sent, KEY set to VALUE.
settings_form() {
	python3 - "$@" <<'PY'
import sys, urllib.parse
from html.parser import HTMLParser
page, key, value = sys.argv[1:4]
class F(HTMLParser):
    def __init__(self):
        super().__init__(); self.f = []; self.area = None; self.sel = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and "name" in a and (a.get("type") != "checkbox" or "checked" in a):
            self.f.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self.area = [a["name"], ""]; self.f.append(self.area)
        elif tag == "select":
            self.sel = [a["name"], ""]; self.f.append(self.sel)
        elif tag == "option" and self.sel is not None and "selected" in a:
            self.sel[1] = a.get("value", "")
    def handle_endtag(self, tag):
        if tag == "textarea": self.area = None
        if tag == "select": self.sel = None
    def handle_data(self, d):
        if self.area is not None: self.area[1] += d
f = F(); f.feed(open(page, encoding="utf-8").read())
print(urllib.parse.urlencode([(k, value if k == key else v) for k, v in f.f]), end="")
PY
}
settings_form "$tmp/set" site_language fr >"$tmp/body"
code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$jar" --data "@$tmp/body")
cond "site_language=fr: 422 ($code), said beside the field, nothing saved" \
	'[ "$code" = 422 ] && grep -q "<p class=\"error\" id=\"set-site_language-error\">[^<]" "$tmp/sb" && [ "$(sqlite3 "$zh" "SELECT value FROM settings WHERE key = '"'"'site_language'"'"'")" = zh-CN ]'

# The metro story (article 1) has no translation yet.
code=$(fetch "$base/admin/articles/12" "$tmp/ed12" -b "$jar")
cond "editor of the English article: 200 ($code), English chosen, its translation named and listed" \
	'[ "$code" = 200 ] && grep -qF "<option value=\"en\" lang=\"en\" selected>English</option>" "$tmp/ed12" && grep -qF "name=\"translation_of\" value=\"$zh_slug\"" "$tmp/ed12" && grep -qF "<a href=\"/admin/articles/5\" lang=\"zh-CN\">" "$tmp/ed12"'
code=$(fetch "$base/admin/articles/1" "$tmp/ed1" -b "$jar")
cond "editor of a Chinese article without one offers to write it ($code)" \
	'[ "$code" = 200 ] && grep -qF "href=\"/admin/articles/new?translation_of=1&amp;lang=en\"" "$tmp/ed1"'
code=$(fetch "$base/admin/articles/new?translation_of=1&lang=en" "$tmp/new" -b "$jar")
key=$(sed -n 's/.*name="form_key" value="\([0-9a-f]*\)".*/\1/p' "$tmp/new")
cond "  that form comes with English and the link filled in ($code)" \
	'[ "$code" = 200 ] && grep -qF "<option value=\"en\" lang=\"en\" selected>English</option>" "$tmp/new" && grep -qF "name=\"translation_of\" value=\"1\"" "$tmp/new"'
code=$(fetch "$base/admin/articles" "$tmp/cr" -b "$jar" --data "csrf=$csrf&form_key=$key&status=published&lang=en&translation_of=1" \
	--data-urlencode "title=Metro Line 3 extension starts trial runs" --data-urlencode "summary=Trains run empty for three months." \
	--data-urlencode "body=The eastern extension began trial runs this morning.")
cond "create the English translation: 303 ($code)" '[ "$code" = 303 ]'
new_slug=metro-line-3-extension-starts-trial-runs
code=$(fetch "$base/article/ditie-3-haoxian-dongyan-shiyunxing" "$tmp/metro")
cond "  the Chinese page now links it ($code)" \
	'[ "$code" = 200 ] && grep -qF "<a href=\"/article/$new_slug\" hreflang=\"en\" lang=\"en\">Read in English</a>" "$tmp/metro" && grep -qE "hreflang=\"en\" href=\"http://127.0.0.1:[0-9]+/article/$new_slug\"" "$tmp/metro"'
code=$(fetch "$base/article/$new_slug" "$tmp/metro-en")
cond "  and the new page is English, linking back ($code)" \
	'[ "$code" = 200 ] && [ "$(html_lang "$tmp/metro-en")" = en ] && grep -qF "lang=\"zh-CN\">阅读中文版</a>" "$tmp/metro-en"'
code=$(fetch "$base/admin/articles" "$tmp/cr2" -b "$jar" --data "csrf=$csrf&status=draft&lang=en&translation_of=ditie-3-haoxian-dongyan-shiyunxing" \
	--data-urlencode "title=A second English version")
cond "a second English translation: 422 ($code), said beside the field, nothing made" \
	'[ "$code" = 422 ] && grep -q "<p class=\"error\" id=\"translation_of-error\">[^<]" "$tmp/cr2" && [ "$(sqlite3 "$zh" "SELECT count(*) FROM articles WHERE title = '"'"'A second English version'"'"'")" = 0 ]'
code=$(fetch "$base/admin/articles" "$tmp/cr3" -b "$jar" --data "csrf=$csrf&status=draft&lang=fr" \
	--data-urlencode "title=Une langue inconnue")
cond "an unknown language: 422 ($code), said beside the field" \
	'[ "$code" = 422 ] && grep -q "<p class=\"error\" id=\"lang-error\">[^<]" "$tmp/cr3"'
nid=$(sqlite3 "$zh" "SELECT id FROM articles WHERE slug = '$new_slug'")
fetch "$base/admin/articles/$nid" "$tmp/ednew" -b "$jar" >/dev/null
v=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$tmp/ednew" | head -1)
code=$(fetch "$base/admin/articles/$nid" "$tmp/up" -b "$jar" --data "csrf=$csrf&version=$v&status=published&lang=en&translation_of=" \
	--data-urlencode "title=Metro Line 3 extension starts trial runs" --data-urlencode "summary=Trains run empty for three months." \
	--data-urlencode "body=The eastern extension began trial runs this morning.")
cond "unlink by emptying 'Translation of': 303 ($code), the note says so" \
	'[ "$code" = 303 ] && [ "$(sqlite3 "$zh" "SELECT note FROM revisions WHERE article_id = $nid ORDER BY id DESC LIMIT 1")" = translations ]'
fetch "$base/article/ditie-3-haoxian-dongyan-shiyunxing" "$tmp/metro" >/dev/null
check "  the Chinese page no longer announces it" sh -c "! grep -q 'hreflang' '$tmp/metro'"
stop_pid "${pids[-1]}"

step "the English demo"
start "$en" "$tmp/serve-en.log"
code=$(fetch "$base/" "$tmp/ehome")
cond "home: 200 ($code), <html lang=\"en\">" '[ "$code" = 200 ] && [ "$(html_lang "$tmp/ehome")" = en ]'
got=$(item_lang "$tmp/ehome" fengdian-tatong-chang-zengkai-di-san-ban)
cond "  the Chinese translation's item says lang=\"zh-CN\" ($got)" '[ "$got" = zh-CN ]'
got=$(item_lang "$tmp/ehome" wind-tower-plant-adds-third-shift)
cond "  an English item carries no lang ($got)" '[ "$got" = - ]'
code=$(fetch "$base/article/wind-tower-plant-adds-third-shift" "$tmp/wind")
got=$(alternates "$tmp/wind")
cond "lead story: 200 ($code), hreflang en, zh-CN, x-default itself ($got)" \
	'[ "$code" = 200 ] && [ "$got" = "en=/article/wind-tower-plant-adds-third-shift x-default=/article/wind-tower-plant-adds-third-shift zh-CN=/article/fengdian-tatong-chang-zengkai-di-san-ban " ]'
check "  '阅读中文版' under the title" grep -qF 'lang="zh-CN">阅读中文版</a></p>' "$tmp/wind"
code=$(fetch "$base/article/fengdian-tatong-chang-zengkai-di-san-ban" "$tmp/feng")
cond "its Chinese version: 200 ($code), <html lang=\"zh-CN\">, inLanguage zh-CN, 'Read in English'" \
	'[ "$code" = 200 ] && [ "$(html_lang "$tmp/feng")" = zh-CN ] && [ "$(ld_lang "$tmp/feng")" = zh-CN ] && grep -qF "lang=\"en\">Read in English</a></p>" "$tmp/feng"'
code=$(fetch "$base/article/xin-zhizhi-shengchanli" "$tmp/xin")
cond "an older Chinese article: <html lang=\"zh-CN\"> ($code), no translation links" \
	'[ "$code" = 200 ] && [ "$(html_lang "$tmp/xin")" = zh-CN ] && ! grep -q hreflang "$tmp/xin"'
fetch "$base/feed" "$tmp/erss" >/dev/null
check "RSS <language>en</language>" grep -q "<language>en</language>" "$tmp/erss"
fetch "$base/news-sitemap.xml" "$tmp/enews" >/dev/null
check "news sitemap: en, and zh-cn for the translation" \
	sh -c "grep -q '<news:language>en</news:language>' '$tmp/enews' && grep -q '<news:language>zh-cn</news:language>' '$tmp/enews'"
check "the Chinese site was not disturbed: still zh-CN" \
	[ "$(sqlite3 "$zh" "SELECT value FROM settings WHERE key = 'site_language'")" = zh-CN ]
finish
