-- wrk script for bench/breaking-news.sh: the reader mix of a breaking-news
-- day (issue 18 point 4) and the share of answers the cache served itself.
--   hot article 50 %, home 20 %, the hot article's section 15 %, other
--   articles 15 % (spread evenly over the list in paths.txt).
-- paths.txt (next to the script, written by the bench): line 1 the hot
-- article, line 2 the section, the rest other articles.
-- A cache hit is "X-Cache: HIT" (deploy/varnish) or "X-Cache-Status: HIT",
-- "STALE" or "UPDATING" (deploy/nginx-microcache.conf): answers that did
-- not wait for Gazette.

local paths = {}
local threads = {}

local function load(file)
	local list = {}
	for line in io.lines(file) do
		if line ~= "" then
			list[#list + 1] = line
		end
	end
	return list
end

function setup(thread)
	thread:set("id", #threads)
	threads[#threads + 1] = thread
end

function init(args)
	paths = load(args[1])
	hits = 0
	total = 0
	math.randomseed(os.time() + id * 7919)
end

function request()
	local r = math.random(100)
	local p
	if r <= 50 then
		p = paths[1]
	elseif r <= 70 then
		p = "/"
	elseif r <= 85 then
		p = paths[2]
	else
		p = paths[math.random(3, #paths)]
	end
	return wrk.format("GET", p)
end

function response(status, headers, body)
	total = total + 1
	local x = headers["X-Cache"] or headers["X-Cache-Status"]
	if x == "HIT" or x == "STALE" or x == "UPDATING" then
		hits = hits + 1
	end
end

function done(summary, latency, requests)
	local h, t = 0, 0
	for _, thread in ipairs(threads) do
		h = h + thread:get("hits")
		t = t + thread:get("total")
	end
	io.write(string.format("CACHE hits=%d total=%d\n", h, t))
	io.write(string.format("LAT p50=%.3f p99=%.3f\n", latency:percentile(50) / 1000,
		latency:percentile(99) / 1000))
end
