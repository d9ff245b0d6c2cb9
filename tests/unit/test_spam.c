/*
 * Tests for the local spam filter: the tokenizer, link counting, the
 * blocklist, the verdict rules, learning and unlearning, and a training
 * run over a small labelled set written for this test (news-site comments
 * and typical comment spam), trained on half and measured on the other
 * half; precision and recall are printed and must reach 0.8.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/spam.h"
#include "test.h"
#include "testdb.h"

static struct gz_arena arena;

static int
has_token(const char **toks, size_t n, const char *t)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(toks[i], t) == 0) {
			return 1;
		}
	}
	return 0;
}

static void
test_tokens(void)
{
	struct gz_spam_input in = {
	    "Karin Holm", "Karin@Example.ORG", "https://Blog.example.net/x",
	    "Cheap PILLS at http://pills.example.com/buy?x=1 and www.casino.test! "
	    "Call 5551234567 don't wait... \xC3\xA9t\xC3\xA9 “quoted” "
	    "supercalifragilisticexpialidociousandthensomemorewords",
	    NULL};
	const char **toks;
	size_t n, i;

	CHECK(gz_spam_tokens(&arena, &in, &toks, &n) == GZ_OK);
	CHECK(has_token(toks, n, "name:karin"));
	CHECK(has_token(toks, n, "name:holm"));
	CHECK(has_token(toks, n, "email:example.org"));
	CHECK(has_token(toks, n, "aurl:blog.example.net"));
	CHECK(has_token(toks, n, "cheap"));
	CHECK(has_token(toks, n, "pills"));
	CHECK(has_token(toks, n, "url:pills.example.com"));
	CHECK(has_token(toks, n, "url:www.casino.test"));
	CHECK(has_token(toks, n, "links:2"));
	CHECK(has_token(toks, n, "num:9"));
	CHECK(has_token(toks, n, "don't"));
	CHECK(has_token(toks, n, "\xC3\xA9t\xC3\xA9"));
	CHECK(has_token(toks, n, "quoted")); /* curly quotes separate words */
	CHECK(has_token(toks, n, "skip:s5"));
	CHECK(!has_token(toks, n, "buy")); /* link paths are not words */
	for (i = 0; i < n; i++) {
		CHECK(strchr(toks[i], ' ') == NULL);
		CHECK(strlen(toks[i]) <= GZ_SPAM_TOKEN_MAX + 6);
	}
	/* Distinct tokens only. */
	in = (struct gz_spam_input){"", "", "", "spam spam spam SPAM", NULL};
	CHECK(gz_spam_tokens(&arena, &in, &toks, &n) == GZ_OK);
	CHECK(has_token(toks, n, "aurl:none"));
	CHECK(has_token(toks, n, "links:0"));
	CHECK_INT(n, 3);
	/* Invalid UTF-8 and a flood of words stay bounded. */
	{
		static char big[20000];

		for (i = 0; i + 4 < sizeof(big); i += 4) {
			big[i] = (char)('a' + (i / 4) % 26);
			big[i + 1] = (char)('a' + (i / 104) % 26);
			big[i + 2] = (char)0xFF;
			big[i + 3] = ' ';
		}
		big[sizeof(big) - 1] = '\0';
		in = (struct gz_spam_input){"x", "x@y.z", "", big, NULL};
		CHECK(gz_spam_tokens(&arena, &in, &toks, &n) == GZ_OK);
		CHECK(n <= GZ_SPAM_MAX_TOKENS);
		CHECK(has_token(toks, n, "email:y.z"));
	}
}

static void
test_links(void)
{
	CHECK_INT(gz_spam_count_links("no links here"), 0);
	CHECK_INT(gz_spam_count_links("see http://a.example"), 1);
	CHECK_INT(gz_spam_count_links("HTTPS://A.example and www.b.example"), 2);
	CHECK_INT(gz_spam_count_links("http://www.a.example counts once"), 1);
	CHECK_INT(gz_spam_count_links("<a href=x>y</a> <a\thref=z>"), 2);
	CHECK_INT(gz_spam_count_links("swww.example is not a link start"), 0);
	CHECK_INT(gz_spam_count_links("http://a http://b http://c"), 3);
	CHECK_INT(gz_spam_count_links(""), 0);
}

static void
test_blocklist(void)
{
	struct gz_spam_input in = {"Bob", "bob@mail.test", "", "Visit my CASINO now", "192.0.2.7"};
	const char *hit;

	CHECK(gz_spam_blocklisted(&arena, "", &in) == NULL);
	CHECK(gz_spam_blocklisted(&arena, "\n# comment\n  \n", &in) == NULL);
	hit = gz_spam_blocklisted(&arena, "viagra\n  casino \n", &in);
	CHECK_STR(hit, "casino");
	CHECK_STR(gz_spam_blocklisted(&arena, "192.0.2.7\r\n", &in), "192.0.2.7");
	CHECK(gz_spam_blocklisted(&arena, "192.0.2.70", &in) == NULL);
	CHECK_STR(gz_spam_blocklisted(&arena, "@MAIL.test", &in), "@MAIL.test");
	in.client_addr = NULL;
	CHECK(gz_spam_blocklisted(&arena, "192.0.2.7", &in) == NULL);
}

static void
test_decide(void)
{
	struct gz_spam_facts f = {0};
	struct gz_spam_verdict v;

	f.max_links = 2;
	f.known_author = 1;
	f.bayes = 0.1;
	f.bayes_ready = 1;
	CHECK(gz_spam_decide(&arena, &f, &v) == GZ_OK);
	CHECK_INT(v.status, GZ_SPAM_APPROVE);
	CHECK_STR(v.reasons, "bayes 0.10; known author");
	f.known_author = 0;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_HOLD);
	CHECK_STR(v.reasons, "bayes 0.10; new author");
	f.known_author = 1;
	f.links = 3;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_HOLD);
	CHECK_STR(v.reasons, "held: 3 links; bayes 0.10; known author");
	f.links = 2;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_APPROVE);
	f.bayes = 0.97;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_SPAM);
	CHECK_STR(v.reasons, "bayes 0.97; known author");
	CHECK(v.score > 0.96 && v.score < 0.98);
	f.bayes_ready = 0; /* not trained enough: shown, not acted on */
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_APPROVE);
	CHECK_STR(v.reasons, "bayes 0.97 (learning); known author");
	f.bayes_ready = 1;
	f.bayes = 0.6;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_HOLD);
	f.bayes = 0.2;
	f.article_busy = 1;
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_HOLD);
	CHECK(strstr(v.reasons, "held: many comments") != NULL);
	f.article_busy = 0;
	f.blocked = "casino";
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_SPAM);
	CHECK_STR(v.reasons, "spam: blocklist \"casino\"; bayes 0.20; known author");
	f.staff = 1; /* staff are never judged */
	gz_spam_decide(&arena, &f, &v);
	CHECK_INT(v.status, GZ_SPAM_APPROVE);
	CHECK_STR(v.reasons, "staff; bayes 0.20");
}

/* One labelled comment: author fields and text. */
struct sample {
	const char *name;
	const char *email;
	const char *url;
	const char *body;
};

static const struct sample ham[] = {
    {"Karin Holm", "karin@example.org", "",
     "Good to see the training scheme mentioned. My nephew is on it and likes it."},
    {"Peter Lindqvist", "peter@example.net", "",
     "Please also ask the college about the workshop; the instructors are stretched thin."},
    {"Amira Haddad", "amira@mail.example", "",
     "The council vote was closer than this article suggests. Two members abstained."},
    {"Tom Becker", "tom.becker@example.de", "",
     "I live next to the plant and the night shift noise has not been a problem so far."},
    {"Lucy", "lucy@example.co.uk", "",
     "Does anyone know whether the bus route changes apply on Sundays too?"},
    {"Marco Rossi", "marco@example.it", "https://marco.example.it",
     "Interesting piece. The figures on rents match what we see in our neighbourhood."},
    {"Jan de Vries", "jan@example.nl", "",
     "The harbour backlog eased in March as well, then came back in May. Worth watching."},
    {"Sofia", "sofia@example.org", "",
     "Thank you for explaining the grid connection queue so clearly."},
    {"Helen Park", "helen@example.com", "",
     "My daughter's school is one of those affected. Parents were told only last week."},
    {"Olu Adebayo", "olu@example.org", "",
     "The minister said the same thing in 2019. I will believe it when the trains run."},
    {"Greta", "greta@example.se", "", "A correction: the river crossing opened in 1998, not 1996."},
    {"David Chen", "dchen@example.com", "",
     "Could you publish the full report? The summary leaves out the cost estimates."},
    {"Nina Petrova", "nina@example.org", "",
     "We went to the open day at the new library. The children's section is lovely."},
    {"Raj Patel", "raj@example.in", "",
     "The article mixes up capacity and output; a wind farm rarely runs at full capacity."},
    {"Claire Dubois", "claire@example.fr", "",
     "Glad the market is staying. Saturday mornings would not be the same without it."},
    {"Ahmed", "ahmed@example.org", "",
     "Local traders were not consulted about the parking changes, as far as I know."},
    {"Ingrid Berg", "ingrid@example.no", "",
     "The weather station data for last winter is on the council website if anyone wants it."},
    {"Paul Murphy", "paul@example.ie", "",
     "I agree with the previous comment about the cost estimates. Transparency matters."},
    {"Yuki Tanaka", "yuki@example.jp", "",
     "The interview with the nurses was the best part of this report. More of this please."},
    {"Ben Carter", "ben@example.com", "",
     "Our street flooded again on Tuesday. The drains were cleared only in the autumn."},
    {"Elena Garcia", "elena@example.es", "",
     "The photo caption names the wrong bridge, I think. That is the old footbridge."},
    {"Mark", "mark@example.org", "",
     "Fair reporting on a difficult subject. Both sides of the planning row are heard."},
    {"Fatima Zahra", "fatima@example.ma", "",
     "The hospital waiting times in the table look like last year's numbers."},
    {"Lars Nilsen", "lars@example.dk", "",
     "Cycling to work has become much safer since the new lanes were painted."},
    {"Anna Kowalska", "anna@example.pl", "",
     "Will there be a follow-up after the council meeting next month?"},
    {"George Brown", "george@example.com", "",
     "My father worked at the steelworks for thirty years. Sad to see the furnace go, but it was "
     "time."},
    {"Mei Lin", "mei@example.org", "",
     "The school meals programme in our town started in September and the children love it."},
    {"Oscar Lindgren", "oscar@example.se", "",
     "The council should publish the traffic counts before and after the road closure."},
    {"Hannah Weiss", "hannah@example.at", "",
     "Thanks for the clear explainer on the energy price cap. Finally I understand my bill."},
    {"Samuel Okoro", "samuel@example.ng", "",
     "The volunteers at the food bank deserve this recognition. Well written."},
    {"Julia Santos", "julia@example.br", "",
     "Two of the quotes seem to come from the same press release. Did anyone talk to residents?"},
    {"Tomas Novak", "tomas@example.cz", "",
     "The heat pump grant is only available to owners, not tenants. That is the real problem."},
    {"Aisha Bello", "aisha@example.org", "",
     "We moved here last year and the community garden was the first place we felt welcome."},
    {"Victor Hugo", "victor@example.fr", "",
     "The museum extension looks great in the drawings. When does construction start?"},
    {"Emma Wilson", "emma@example.co.uk", "",
     "I was at the meeting. The article reports the discussion fairly."},
    {"Khalid Omar", "khalid@example.org", "",
     "The ferry timetable in the sidebar is out of date since the winter schedule began."},
    {"Rosa Meyer", "rosa@example.de", "",
     "My grandmother remembers the flood of 1962. The new barrier gives her some peace of mind."},
    {"Leo Martin", "leo@example.com", "",
     "Good news for the apprentices. The shortage of welders is real in our region."},
    {"Irene Costa", "irene@example.pt", "",
     "The election turnout figure for our ward seems low. Was it checked against the final count?"},
    {"Noah Fischer", "noah@example.ch", "",
     "Thanks for covering the library reopening. The reading room is a gem."},
};

static const struct sample spam[] = {
    {"Cheap Pills", "sales@pills-cheap.test", "http://pills-cheap.test",
     "Buy cheap viagra online without prescription, best price, fast shipping!"},
    {"Casino Bonus", "bonus@casino-win.test", "http://casino-win.test",
     "Win big at our online casino! Free spins and 200% bonus on your first deposit."},
    {"SEO Expert", "seo@rank-fast.test", "http://rank-fast.test",
     "Great post! I can get your website on the first page of Google. Cheap SEO services."},
    {"Loan Now", "loan@quick-cash.test", "http://quick-cash.test",
     "Need money fast? Instant payday loans, no credit check, approved in minutes!"},
    {"Crypto King", "profit@coin-rich.test", "http://coin-rich.test",
     "Earn $5000 per week with our bitcoin trading bot. Guaranteed profit, click here."},
    {"Replica Watches", "info@watch-replica.test", "http://watch-replica.test",
     "Best replica watches, luxury brands at 90% discount. Buy now, free shipping."},
    {"Weight Loss", "slim@diet-pills.test", "http://diet-pills.test",
     "Lose 20 pounds in 2 weeks with this miracle diet pill! Doctors hate it. Order today."},
    {"Dating", "meet@hot-singles.test", "http://hot-singles.test",
     "Hot singles in your area are waiting to meet you tonight. Click the link, free signup."},
    {"Essay Writer", "write@essay-cheap.test", "http://essay-cheap.test",
     "Cheap essay writing service, plagiarism free, order your paper now and get discount."},
    {"Work From Home", "jobs@easy-money.test", "http://easy-money.test",
     "Make money online from home! Earn $300 a day, no experience needed, click here now."},
    {"Best Casino", "vip@slots-free.test", "http://slots-free.test",
     "Free slots and casino bonus codes! Play poker and roulette online, win real money."},
    {"Pharmacy", "rx@meds-online.test", "http://meds-online.test",
     "Online pharmacy: cialis, viagra, levitra at the lowest prices. No prescription needed."},
    {"Followers", "grow@insta-boost.test", "http://insta-boost.test",
     "Buy Instagram followers and likes, cheap and fast, 100% real. Boost your profile now!"},
    {"Investment", "win@forex-pro.test", "http://forex-pro.test",
     "Forex signals with guaranteed 300% profit. Invest now and become rich, limited offer!"},
    {"Nice Post", "bot@backlinks.test", "http://backlinks.test",
     "Nice post, thanks for sharing. Check my site for cheap backlinks and SEO packages."},
    {"Credit Repair", "fix@credit-fix.test", "http://credit-fix.test",
     "Bad credit? We fix your credit score fast. Get a loan approved today, click here."},
    {"Free iPhone", "gift@prize-win.test", "http://prize-win.test",
     "Congratulations! You won a free iPhone. Click here to claim your prize now!"},
    {"Keto", "keto@slim-fast.test", "http://slim-fast.test",
     "Keto diet pills burn fat fast! Lose weight without exercise, order your free trial."},
    {"Hack", "crack@soft-free.test", "http://soft-free.test",
     "Download cracked software free, full version with keygen, no virus, click to download."},
    {"Bitcoin Doubler", "double@btc-fast.test", "http://btc-fast.test",
     "Send bitcoin and get double back in 24 hours. Guaranteed profit, best crypto offer."},
    {"Buy Viagra", "order@blue-pill.test", "http://blue-pill.test",
     "Viagra and cialis cheap online, discount pharmacy, buy now with fast delivery."},
    {"Online Casino", "play@jackpot.test", "http://jackpot.test",
     "Jackpot casino online: free bonus, free spins, win money now. Best slots of 2024!"},
    {"Rank Higher", "links@seo-boost.test", "http://seo-boost.test",
     "I noticed your site is not ranking. Our SEO services guarantee first page on Google."},
    {"Fast Cash", "cash@loan-easy.test", "http://loan-easy.test",
     "Payday loans online, fast cash today, no credit check, instant approval, apply now."},
    {"Rich Quick", "rich@money-maker.test", "http://money-maker.test",
     "Become a millionaire with this secret money system. Earn money online fast, click here."},
    {"Luxury Bags", "shop@bags-replica.test", "http://bags-replica.test",
     "Designer replica handbags, cheap prices, free shipping worldwide, buy now and save."},
    {"Diet", "info@fat-burn.test", "http://fat-burn.test",
     "Burn fat while you sleep! Miracle weight loss pills, doctors shocked, order now."},
    {"Singles", "love@date-now.test", "http://date-now.test",
     "Lonely? Meet beautiful singles tonight, free registration, click here to chat now."},
    {"Essays", "papers@write-fast.test", "http://write-fast.test",
     "Get your essay written by experts, cheap and fast, order now for a discount."},
    {"Home Job", "work@cash-home.test", "http://cash-home.test",
     "Work from home and earn money online, $500 per day, click here to start now."},
    {"Poker", "poker@bet-win.test", "http://bet-win.test",
     "Play online poker and casino games, free bonus on deposit, win real money now."},
    {"Meds", "pills@rx-cheap.test", "http://rx-cheap.test",
     "Buy pills online without prescription, cheap cialis and viagra, discreet shipping."},
    {"Likes", "social@boost-likes.test", "http://boost-likes.test",
     "Cheap followers and likes for Instagram and TikTok, buy now, instant delivery."},
    {"Trading", "profit@trade-bot.test", "http://trade-bot.test",
     "Our crypto trading bot makes guaranteed profit every day. Invest now, limited spots."},
    {"Great Article", "spam@link-farm.test", "http://link-farm.test",
     "Great article, thanks! Visit my website for cheap SEO backlinks and traffic."},
    {"Debt Free", "help@debt-gone.test", "http://debt-gone.test",
     "Get out of debt fast with our loan program, no credit check, apply online now."},
    {"Winner", "claim@lucky-draw.test", "http://lucky-draw.test",
     "You are our lucky winner! Claim your free gift card now, click here, limited time."},
    {"Slim", "order@keto-burn.test", "http://keto-burn.test",
     "Fat burning keto pills, lose weight fast, free trial bottle, order today online."},
    {"Warez", "get@free-download.test", "http://free-download.test",
     "Free download of full software, cracked, keygen included, click here to download now."},
    {"BTC", "invest@crypto-gain.test", "http://crypto-gain.test",
     "Invest in bitcoin with our platform and earn guaranteed returns, click here now."},
};

#define NHAM (sizeof(ham) / sizeof(ham[0]))
#define NSPAM (sizeof(spam) / sizeof(spam[0]))

/* With text_only the author fields say nothing (a harder test: words alone). */
static int text_only;

static struct gz_spam_input
input_of(const struct sample *s)
{
	struct gz_spam_input in = {s->name, s->email, s->url, s->body, NULL};

	if (text_only) {
		in.author_name = "Reader";
		in.author_email = "reader@example.org";
		in.author_url = "";
	}
	return in;
}

static void
train_and_measure(const char *file)
{
	struct gz_db *db = testdb_open(file);
	long long nspam, nham;
	size_t i, tp = 0, fp = 0, fn = 0, tn = 0, held_ham = 0;
	double score, precision, recall;
	int ready;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	/* Nothing learned: no opinion. */
	{
		struct gz_spam_input in = input_of(&spam[0]);

		CHECK(gz_spam_score(db, &arena, &in, &score, &ready) == GZ_OK);
		CHECK(score == 0.5);
		CHECK(!ready);
	}
	/* Train on the even half of each set. */
	for (i = 0; i < NHAM; i += 2) {
		struct gz_spam_input in = input_of(&ham[i]);

		CHECK(gz_spam_train(db, &arena, &in, 0, 1) == GZ_OK);
	}
	for (i = 0; i < NSPAM; i += 2) {
		struct gz_spam_input in = input_of(&spam[i]);

		CHECK(gz_spam_train(db, &arena, &in, 1, 1) == GZ_OK);
	}
	CHECK(gz_spam_trained(db, &nspam, &nham) == GZ_OK);
	CHECK_INT(nspam, (NSPAM + 1) / 2);
	CHECK_INT(nham, (NHAM + 1) / 2);
	/* Measure on the odd half: spam means score >= GZ_SPAM_HOLD_AT (held
	 * or spam folder); a ham comment over GZ_SPAM_SPAM_AT would be lost
	 * to the spam folder, which is counted separately. */
	for (i = 1; i < NSPAM; i += 2) {
		struct gz_spam_input in = input_of(&spam[i]);

		CHECK(gz_spam_score(db, &arena, &in, &score, &ready) == GZ_OK);
		CHECK(ready);
		if (score >= GZ_SPAM_HOLD_AT) {
			tp++;
		} else {
			fn++;
			printf("  missed spam %.3f: %s\n", score, spam[i].body);
		}
	}
	for (i = 1; i < NHAM; i += 2) {
		struct gz_spam_input in = input_of(&ham[i]);

		CHECK(gz_spam_score(db, &arena, &in, &score, &ready) == GZ_OK);
		if (score >= GZ_SPAM_HOLD_AT) {
			fp++;
			printf("  ham flagged %.3f: %s\n", score, ham[i].body);
		} else {
			tn++;
		}
		if (score >= GZ_SPAM_SPAM_AT) {
			held_ham++;
		}
	}
	precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	recall = tp + fn ? (double)tp / (double)(tp + fn) : 0;
	printf(
	    "bayes on held-out half%s: tp %zu fp %zu fn %zu tn %zu; precision %.2f, recall %.2f; "
	    "ham into spam folder %zu\n",
	    text_only ? " (text only)" : "", tp, fp, fn, tn, precision, recall, held_ham);
	CHECK(precision >= 0.8);
	CHECK(recall >= 0.8);
	CHECK_INT(held_ham, 0);
	/* Unlearning restores the counts exactly. */
	{
		struct gz_spam_input in = input_of(&spam[1]);
		long long s2, h2;

		CHECK(gz_spam_train(db, &arena, &in, 1, 1) == GZ_OK);
		CHECK(gz_spam_train(db, &arena, &in, 1, -1) == GZ_OK);
		CHECK(gz_spam_trained(db, &s2, &h2) == GZ_OK);
		CHECK_INT(s2, nspam);
		CHECK_INT(h2, nham);
		/* Unlearning what was never learned does not go negative. */
		in = input_of(&ham[1]);
		CHECK(gz_spam_train(db, &arena, &in, 1, -1) == GZ_OK);
		CHECK(testdb_exec(db, "SELECT 1"));
		{
			sqlite3_stmt *st = gz_db_stmt(db, "SELECT count(*) FROM spam_tokens WHERE "
			                                  "spam < 0 OR ham < 0");

			CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW &&
			      sqlite3_column_int(st, 0) == 0);
			gz_db_reset(st);
		}
	}
	gz_db_close(db);
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
	CHECK(testdb_setup("spam") == 0);
}

static void
test_teardown(void)
{
	CHECK(testdb_teardown() == 0);
	gz_arena_free(&arena);
}

static void
test_training(void)
{
	text_only = 0;
	train_and_measure("train.db");
	text_only = 1;
	train_and_measure("train_text.db");
	text_only = 0;
}

TEST_MAIN(T(test_setup), T(test_tokens), T(test_links), T(test_blocklist), T(test_decide),
          T(test_training), T(test_teardown))
