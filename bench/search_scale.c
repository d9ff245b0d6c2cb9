/*
 * How search time grows with the archive: builds a database of N generated
 * articles (English text drawn from a Zipf distribution over a vocabulary
 * of common words plus a long tail of made-up ones, and a Chinese paragraph
 * in one article in ten), then times gz_search for a few queries, page 1
 * of 10 hits with snippets, as the /search handler asks for it.
 *
 * Usage: search_scale N DIR   (builds DIR/search_N.db unless it exists)
 * Prints one line per query: median and 90th percentile in milliseconds,
 * and the total reported.  bench/search_scale.sh runs it for 100 and
 * 100,000 articles and compares.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/search.h"

#define NOW 1800000000
#define VOCAB 20000 /* distinct English words, real ones first */
#define RUNS 41

/* The most frequent words first; rank in this list is rank in the text. */
static const char *const common[] = {
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "had",
    "they",
    "you",
    "were",
    "their",
    "one",
    "all",
    "we",
    "can",
    "her",
    "has",
    "there",
    "been",
    "if",
    "more",
    "when",
    "will",
    "would",
    "who",
    "so",
    "no",
    "said",
    "year",
    "government",
    "people",
    "new",
    "city",
    "council",
    "minister",
    "police",
    "report",
    "week",
    "market",
    "company",
    "school",
    "health",
    "public",
    "state",
    "plan",
    "money",
    "service",
    "court",
    "party",
    "election",
    "vote",
    "budget",
    "water",
    "road",
    "home",
    "family",
    "children",
    "workers",
    "business",
    "officials",
    "president",
    "country",
    "world",
    "prices",
    "energy",
    "housing",
    "hospital",
    "teachers",
    "students",
    "local",
    "national",
    "announced",
    "published",
    "reported",
    "expected",
    "increase",
    "decline",
    "support",
    "against",
    "between",
    "after",
    "before",
    "during",
    "under",
    "million",
    "billion",
    "percent",
    "according",
    "statement",
    "spokesman",
    "residents",
    "community",
    "project",
    "development",
    "industry",
    "manufacturing",
    "economy",
    "growth",
    "inflation",
    "interest",
    "rates",
    "bank",
    "trade",
    "exports",
    "imports",
    "tariffs",
    "farmers",
    "weather",
    "storm",
    "flood",
    "fire",
    "rescue",
    "accident",
    "train",
    "railway",
    "airport",
    "flights",
    "bridge",
    "tunnel",
    "traffic",
    "transport",
    "bus",
    "cyclists",
    "parking",
    "museum",
    "festival",
    "concert",
    "theatre",
    "football",
    "match",
    "season",
    "coach",
    "players",
    "league",
    "championship",
    "victory",
    "defeat",
    "goal",
    "stadium",
    "tournament",
    "olympic",
    "athletes",
    "science",
    "research",
    "university",
    "study",
    "scientists",
    "climate",
    "emissions",
    "carbon",
    "renewable",
    "solar",
    "wind",
    "nuclear",
    "electricity",
    "gas",
    "oil",
    "fuel",
    "technology",
    "software",
    "internet",
    "online",
    "digital",
    "data",
    "privacy",
    "security",
    "cyber",
    "attack",
    "investigation",
    "arrested",
    "charged",
    "trial",
    "judge",
    "jury",
    "sentence",
    "prison",
    "lawyer",
    "appeal",
    "ruling",
    "law",
    "legislation",
    "parliament",
    "senate",
    "mayor",
    "governor",
    "opposition",
    "coalition",
    "campaign",
    "candidate",
    "poll",
    "voters",
    "referendum",
    "protest",
    "strike",
    "union",
    "wages",
    "pensions",
    "taxes",
    "spending",
    "deficit",
    "debt",
    "investment",
    "shares",
    "stocks",
    "investors",
    "profits",
    "losses",
    "jobs",
    "unemployment",
    "retail",
    "shops",
    "restaurants",
    "tourism",
    "hotels",
    "harbour",
    "port",
    "ships",
    "fishing",
    "coast",
    "beach",
    "river",
    "lake",
    "forest",
    "park",
    "wildlife",
    "species",
    "conservation",
    "pollution",
    "waste",
    "recycling",
    "plastic",
    "vaccine",
    "virus",
    "doctors",
    "nurses",
    "patients",
    "treatment",
    "cancer",
    "disease",
    "medicine",
    "pharmacy",
    "insurance",
    "welfare",
    "poverty",
    "charity",
    "volunteers",
    "refugees",
    "migration",
    "border",
    "embassy",
    "diplomats",
    "talks",
    "summit",
    "treaty",
    "sanctions",
    "military",
    "army",
    "soldiers",
    "defence",
    "weapons",
    "ceasefire",
    "peace",
    "history",
    "anniversary",
    "memorial",
    "heritage",
    "architecture",
    "library",
    "books",
    "author",
    "novel",
    "film",
    "cinema",
    "music",
    "album",
    "artist",
    "gallery",
    "exhibition",
    "fashion",
    "design",
    "food",
    "recipe",
    "chef",
    "wine",
    "coffee",
    "bakery",
};

/* Common Chinese news words; one in ten articles gets a paragraph of them. */
static const char *const zh[] = {
    "政府", "经济", "发展", "市场", "企业", "制造业", "工人", "城市", "农村", "教育",
    "学校", "医院", "健康", "科技", "创新", "投资",   "银行", "利率", "出口", "进口",
    "贸易", "能源", "电力", "环境", "污染", "气候",   "交通", "铁路", "机场", "旅游",
    "文化", "历史", "体育", "足球", "比赛", "选举",   "法院", "警方", "调查", "报告",
    "增长", "下降", "计划", "项目", "公司", "股票",   "价格", "消费", "就业", "工资",
    "先进", "技术", "研究", "大学", "学生", "居民",   "社区", "服务", "安全", "网络",
};

static char *tail[VOCAB]; /* made-up words for ranks past the common list */
static double cdf[VOCAB];
static uint64_t rng = 88172645463325252ull;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
unit(void)
{
	return (double)(next_rand() >> 11) / 9007199254740992.0;
}

static const char *
word(void)
{
	double u = unit();
	size_t lo = 0, hi = VOCAB - 1, ncommon = sizeof(common) / sizeof(common[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cdf[mid] < u) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < ncommon ? common[lo] : tail[lo];
}

static void
init_words(void)
{
	static const char *const syl[] = {"ba", "ker", "lo", "min", "tra", "vel", "so", "dun",
	                                  "ri", "gan", "pe", "tor", "mu",  "sil", "an", "dro"};
	double sum = 0;
	size_t i, j;

	for (i = 0; i < VOCAB; i++) {
		char w[32] = "";
		size_t x = i;

		for (j = 0; j < 3 || x; j++) {
			strcat(w, syl[x % 16]);
			x /= 16;
		}
		tail[i] = strdup(w);
		sum += 1.0 / (double)(i + 1);
		cdf[i] = sum;
	}
	for (i = 0; i < VOCAB; i++) {
		cdf[i] /= sum;
	}
}

static void
sentence(char *out, size_t cap, int nwords)
{
	size_t len = strlen(out);
	int i;

	for (i = 0; i < nwords && len + 40 < cap; i++) {
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", word());
	}
	if (len + 2 < cap) {
		strcat(out, ". ");
	}
}

static int
exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s\n", msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
build(const char *path, long n)
{
	static char title[512], summary[2048], body[16384];
	sqlite3 *h;
	sqlite3_stmt *st;
	double t0 = now_ms();
	long i;
	int k, nw;

	struct gz_db *db;
	char err[256];

	/* Gazette's own schema, every migration, as `gazette init` makes it. */
	if ((db = gz_db_open(path, GZ_DB_CREATE, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	h = gz_db_handle(db);
	if (exec(h, "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
	            "(1, 'ed', 'Ed', 'editor', 0); INSERT INTO categories (id, slug, name) "
	            "VALUES (1, 'news', 'News'); BEGIN")) {
		return -1;
	}
	if (sqlite3_prepare_v2(h,
	                       "INSERT INTO articles (id, slug, title, summary, body, author_id, "
	                       "category_id, status, published_at, created_at, updated_at) VALUES "
	                       "(?1, 'a' || ?1, ?2, ?3, ?4, 1, 1, ?5, ?6, 0, 0)",
	                       -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	for (i = 1; i <= n; i++) {
		title[0] = summary[0] = body[0] = '\0';
		sentence(title, sizeof(title), 5 + (int)(next_rand() % 6));
		sentence(summary, sizeof(summary), 20 + (int)(next_rand() % 15));
		nw = 200 + (int)(next_rand() % 400);
		for (k = 0; k < nw; k += 20) {
			sentence(body, sizeof(body), 20);
			if (k % 100 == 0) {
				strcat(body, "\n\n");
			}
		}
		if (i % 10 == 0) {
			for (k = 0; k < 30; k++) {
				strcat(body, zh[next_rand() % (sizeof(zh) / sizeof(zh[0]))]);
				if (k % 8 == 7) {
					strcat(body, "，");
				}
			}
			strcat(body, "。");
		}
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
		/* 2% drafts, 1% scheduled ahead, the rest published over ten years. */
		if (i % 50 == 7) {
			sqlite3_bind_text(st, 5, "draft", -1, SQLITE_STATIC);
			sqlite3_bind_null(st, 6);
		} else if (i % 100 == 3) {
			sqlite3_bind_text(st, 5, "scheduled", -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 6, NOW + 86400);
		} else {
			sqlite3_bind_text(st, 5, "published", -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 6, NOW - 315360000 + 315360000 / n * i);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert: %s\n", sqlite3_errmsg(h));
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (exec(h, "COMMIT; INSERT INTO article_fts (article_fts) VALUES ('optimize'); "
	            "PRAGMA wal_checkpoint(TRUNCATE)")) {
		return -1;
	}
	gz_db_close(db);
	fprintf(stderr, "built %s: %ld articles in %.1f s\n", path, n, (now_ms() - t0) / 1e3);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const char *const queries[] = {
	    "harbour", "climate emissions", "制造业",      "manufacturing",
	    "the",     "government report", "zzzzunknown",
	};
	char path[1024], err[256];
	struct gz_db *db;
	struct gz_arena a;
	struct stat sb;
	long n;
	size_t q;
	int r;

	if (argc != 3 || (n = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: search_scale N DIR\n");
		return 2;
	}
	init_words();
	snprintf(path, sizeof(path), "%s/search_%ld.db", argv[2], n);
	if (stat(path, &sb) != 0 && build(path, n) != 0) {
		return 1;
	}
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* A database kept from an earlier run may predate a migration. */
	if (gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	gz_arena_init(&a, 65536, 0);
	for (q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		struct gz_search_hit *hits;
		double t[RUNS], t0;
		size_t nhits = 0;
		int64_t total = 0;

		for (r = -3; r < RUNS; r++) {
			gz_arena_reset(&a);
			t0 = now_ms();
			if (gz_search(db, &a, queries[q], NOW, 1, 10, &hits, &nhits, &total) !=
			    GZ_OK) {
				fprintf(stderr, "search %s failed\n", queries[q]);
				return 1;
			}
			if (r >= 0) {
				t[r] = now_ms() - t0;
			}
		}
		qsort(t, RUNS, sizeof(t[0]), cmp_double);
		printf("%-20s n=%-7ld median %8.3f ms  p90 %8.3f ms  total %lld%s\n", queries[q], n,
		       t[RUNS / 2], t[RUNS * 9 / 10], (long long)total,
		       total > GZ_SEARCH_CANDIDATES ? "+" : "");
	}
	gz_arena_free(&a);
	gz_db_close(db);
	return 0;
}
