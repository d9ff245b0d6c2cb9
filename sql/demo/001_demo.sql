-- Gazette demo content: a small industry and technology newsroom.
-- Plain SQLite SQL, run inside a transaction opened by the loader, after
-- sql/001_init.sql. The loader has already created user 1 ('admin').
-- All times are relative to now, so the demo always looks fresh.
-- Ids are explicit so other demo files and tests can refer to them:
--   users 2-3, categories 1-5, tags 1-15, articles 1-34, comments 1-16, page 2.

-- Staff. password_hash NULL: they cannot log in until an admin sets a password.
INSERT INTO users (id, login, display_name, email, bio, role, password_hash, created_at) VALUES
(2, 'mreyes', 'Marta Reyes', 'marta.reyes@example.org', 'Economics and policy editor. Covers trade, ports and the labour market, and edits the policy desk. Previously a business reporter on a regional daily.', 'editor', NULL, (CAST(strftime('%s','now') AS INTEGER) - 35596800)),
(3, 'dkeller', 'Daniel Keller', 'daniel.keller@example.org', 'Technology reporter writing about chips, batteries, data centres and the use of AI in factories. Trained as an electrical engineer.', 'author', NULL, (CAST(strftime('%s','now') AS INTEGER) - 16156800));

INSERT INTO categories (id, slug, name, description, position) VALUES
(1, 'industry', 'Industry', 'Factories, heavy engineering, steel, shipbuilding, rail and the supply chains behind them.', 1),
(2, 'technology', 'Technology', 'AI on the factory floor, chips, batteries, networks and data centres.', 2),
(3, 'policy', 'Policy', 'Industrial policy, trade rules, regulation and technical standards.', 3),
(4, 'economy', 'Economy', 'Ports, exports, jobs, energy costs and the numbers behind the headlines.', 4),
(5, 'world', 'World', 'Shipping, energy and industry news from beyond our borders.', 5);

INSERT INTO tags (id, slug, name, description) VALUES
(1, 'energy', 'Energy', 'Power, grids, renewables and energy costs.'),
(2, 'manufacturing', 'Manufacturing', ''),
(3, 'ai', 'AI', 'Artificial intelligence and machine learning in industry.'),
(4, 'semiconductors', 'Semiconductors', ''),
(5, 'climate', 'Climate', 'Emissions, decarbonisation and climate policy.'),
(6, 'trade', 'Trade', ''),
(7, 'steel', 'Steel', ''),
(8, 'shipping', 'Shipping', 'Ports, shipyards and ocean freight.'),
(9, 'rail', 'Rail', ''),
(10, 'batteries', 'Batteries', ''),
(11, 'jobs', 'Jobs', 'Employment, skills and training.'),
(12, 'data-centres', 'Data centres', ''),
(13, 'standards', 'Standards', ''),
(14, 'electric-vehicles', 'Electric vehicles', ''),
(15, 'zhizao', '制造', '制造业与产业升级。');

-- Articles. published_at is relative to now; created_at precedes it,
-- updated_at is later for corrected articles.
-- 1: wind-tower-plant-adds-third-shift
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
1, 'wind-tower-plant-adds-third-shift', 'Wind tower plant adds a third shift as turbine orders stack up',
'A coastal fabrication yard that rolls steel plate into turbine towers is hiring 140 workers and running around the clock to clear a backlog that now stretches into next year.',
'The tower fabrication yard at the northern end of the harbour estate has started running a third shift, its managers said this week, after a run of orders from onshore and offshore wind developers left the plant with more work than its two existing crews could handle.

The yard rolls thick steel plate into cylindrical "cans", welds them into sections up to 30 metres long and coats them before they leave by barge or heavy-haul truck. A single tower for a modern onshore turbine can use more than 250 tonnes of steel; offshore units need far more.

## Hiring, training and a new welding line

The company plans to add about 140 jobs over the coming months, most of them welders, crane operators and coating technicians. Around a third of the new recruits will come through a paid training scheme run with the local technical college, where trainees spend four days a week on the shop floor and one in the classroom.

"We are not short of orders, we are short of people who can lay a clean weld on 60 millimetres of plate," the plant''s operations manager said. "That takes time to learn, so we started the training early."

A second automated submerged-arc welding line is due to be commissioned before the end of the quarter. Managers expect it to lift output by *roughly a quarter* without adding floor space.

## What is driving demand

- Developers are replacing older, smaller turbines with taller machines that need longer towers.
- Several onshore projects that had stalled in planning have received consent in recent months.
- Buyers increasingly want towers made close to the site to cut transport costs and emissions.

Steel supply remains the main risk. The yard buys most of its plate from a domestic mill that is itself in the middle of a furnace conversion, a project covered in our report on [the steelmaker''s switch to electric arc furnaces](/article/steelmaker-electric-arc-furnace-conversion).',
1, 1, 'published', 1, 1, (CAST(strftime('%s','now') AS INTEGER) - 10800), (CAST(strftime('%s','now') AS INTEGER) - 28800), (CAST(strftime('%s','now') AS INTEGER) - 10800), 1, 1840);

-- 2: steelmaker-electric-arc-furnace-conversion
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
2, 'steelmaker-electric-arc-furnace-conversion', 'Steelmaker confirms timetable for electric arc furnace conversion',
'The country''s second-largest steel producer will shut one of its two blast furnaces and replace it with an electric arc furnace fed largely by scrap, keeping production going during the works.',
'The steel producer that operates the integrated works on the estuary has set out a timetable for replacing one of its two blast furnaces with an electric arc furnace (EAF), a change that will cut the site''s direct emissions sharply and alter the mix of skills it needs.

Under the plan, the older of the two blast furnaces will be taken out of service once the new furnace is hot-commissioned. The new furnace is designed to produce about 1.5 million tonnes of liquid steel a year. The remaining blast furnace will keep running for several more years to supply grades that are hard to make from scrap alone.

## Keeping customers supplied

The company said it had built up slab stocks and agreed temporary supply from partner mills so that customers, among them tower fabricators, shipyards and packaging makers, would not face gaps during the changeover.

> "The hardest part is not building the furnace. It is doing it while the plant keeps shipping steel every day," a project director told staff in a briefing seen by Gazette.

An EAF melts scrap and, increasingly, direct reduced iron using electricity rather than coke. That makes the cost of power, and the reliability of the grid connection, central to the project''s economics. The operator has signed a long-term supply agreement and says a new substation is already under construction.

## Jobs and training

Unions have welcomed the investment but asked for firm commitments on employment. An EAF plant typically needs fewer workers per tonne than a blast furnace route, and the company has said some roles will disappear over time. It has offered retraining for maintenance staff in high-voltage systems and scrap handling, and says it expects most reductions to come through retirements.

Analysts note that scrap quality will matter as much as furnace design. Copper and tin left in old steel can limit which products a scrap-based route can make, which is one reason the company is keeping a blast furnace in operation for now. Exporters will also watch how the change affects [carbon border charges](/article/carbon-border-charges-explained) on their steel.

*Correction: an earlier version of this article gave the wrong annual capacity for the new furnace.*',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 32400), (CAST(strftime('%s','now') AS INTEGER) - 104400), (CAST(strftime('%s','now') AS INTEGER) - 21600), 2, 960);

-- 3: factory-vision-systems-cut-scrap
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
3, 'factory-vision-systems-cut-scrap', 'Camera-based inspection cuts scrap rates at parts makers, study finds',
'Machine-vision systems trained on images of defective parts helped a group of mid-sized suppliers reduce scrap, but the gains depended heavily on how staff were involved in setting them up.',
'Automated visual inspection, long the preserve of large car plants and electronics makers, is spreading to smaller suppliers, and a new industry study suggests it can pay off quickly when it is introduced carefully.

The study followed 18 component makers, most employing fewer than 500 people, over two years as they installed camera systems that use machine-learning models to spot surface cracks, burrs, porosity and misaligned parts. Across the group, the median scrap rate on the lines studied fell by about a fifth.

## Where the gains came from

The biggest improvements came not from catching more bad parts at the end of the line but from feeding the inspection data back to machine operators. When a camera flagged a rising number of small defects, setters could adjust tooling before parts went out of tolerance.

"The model is only half the system," said one of the researchers. "The other half is what people on the floor do with what it tells them."

Firms that struggled tended to share some common problems:

1. Too few images of real defects to train the model, because good plants make few bad parts.
2. Lighting and camera mounts that changed between shifts.
3. Alerts that nobody was responsible for acting on.

## Cost and skills

Prices for industrial cameras and edge computers have fallen, but integration remains expensive. The suppliers in the study spent anything from a few tens of thousands to several hundred thousand on each line, with the bulk going on engineering time rather than hardware.

Several firms said they had trained a *data technician*, usually an experienced quality inspector who learned to label images and manage the models. Trade bodies expect such hybrid roles to become common as [AI tools move into maintenance planning](/article/ai-maintenance-scheduling-rail) and other parts of the factory.

The authors caution that their sample was small and self-selected: companies that volunteered were probably better prepared than average.',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 72000), (CAST(strftime('%s','now') AS INTEGER) - 165600), (CAST(strftime('%s','now') AS INTEGER) - 72000), 1, 720);

-- 4: port-volumes-container-backlog-eases
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
4, 'port-volumes-container-backlog-eases', 'Container backlog eases at main port as volumes edge higher',
'Ships are waiting far less time for a berth at the country''s largest container port, even as throughput rose for a third straight month.',
'Waiting times for container ships at the country''s largest port have fallen back to normal levels, according to figures published by the port authority, easing pressure on importers who spent much of the past season paying for delays.

The average time a vessel waited at anchor before berthing dropped to under a day last month, from nearly three days at the peak. At the same time, the number of containers handled rose modestly, the third monthly increase in a row.

## Why the queue shrank

Port officials point to several changes:

- Two new ship-to-shore cranes entered service on the deep-water quay.
- Terminal operators extended gate hours so hauliers could collect boxes at night.
- More containers left the port by rail rather than road, freeing yard space.

The rail share is expected to rise further once the [inland terminal link](/article/inland-port-rail-link) is complete.

## Exporters still cautious

Shipping lines have added capacity on most routes, which has pushed freight rates down from their highs. But exporters say lower rates have not yet translated into more orders. A survey of machinery makers published recently found that [new export orders were flat](/article/export-orders-machinery-survey), with customers delaying investment decisions.

"The port is working better than it has in a long time," said the head of a regional freight forwarders'' association. "The question now is whether there will be enough cargo to fill the ships."

Empty containers remain a concern. Because imports still outweigh exports, the port is storing large numbers of empty boxes waiting to be repositioned, taking up space that could be used for full ones.

The port authority said it would publish a new five-year investment plan later this year, including proposals for *shore power* so that berthed ships can switch off their engines.',
2, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 108000), (CAST(strftime('%s','now') AS INTEGER) - 129600), (CAST(strftime('%s','now') AS INTEGER) - 108000), 1, 530);

-- 5: xin-zhizhi-shengchanli
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
5, 'xin-zhizhi-shengchanli', '以科技创新培育新质生产力：传统产业与新兴产业如何协同',
'发展新质生产力并不意味着放弃传统产业。多地通过技术改造、数字化和绿色化，让传统产业与新兴产业相互促进。',
'近年来，“新质生产力”成为产业政策讨论中的高频词。它强调以科技创新为核心驱动力，提高全要素生产率，推动产业向高端化、智能化、绿色化方向发展。

不少业内人士指出，发展新质生产力并不等于“另起炉灶”。钢铁、机械、纺织、建材等传统产业仍是实体经济的重要基础，吸纳了大量就业，也为新兴产业提供材料和装备。*关键在于“守”与“创”的平衡*：既要守住制造业的基本盘，也要在新赛道上创造增量。

## 传统产业：改造升级而非简单淘汰

在北方某工业城市，一家有六十多年历史的机床企业投入数千万元进行数控化改造，引入在线检测和远程运维系统。企业负责人表示，改造后产品精度和交付周期都有明显改善，一些过去依赖外购的关键零部件已实现自主生产。

类似的做法正在更多行业推广：

- 以工业互联网平台连接设备，实现生产数据实时采集；
- 以节能改造和清洁能源替代降低单位产值能耗；
- 以标准化和质量认证提升产品竞争力。

## 新兴产业：从技术突破到规模应用

新能源汽车、风电装备、储能电池等领域的快速发展，本身就离不开传统制造业的支撑。例如，风电塔筒需要大量中厚钢板，电池生产需要精密装备和化工材料。新兴产业的需求反过来又推动传统企业提升工艺水平。

> 一位研究产业经济的学者说：“传统产业和新兴产业不是此消彼长的关系，而是相互促进、融合发展的关系。”

专家建议，各地在制定产业规划时应因地制宜，避免一哄而上、重复建设，同时加大对基础研究、人才培养和中小企业技术改造的支持力度。',
1, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 144000), (CAST(strftime('%s','now') AS INTEGER) - 180000), (CAST(strftime('%s','now') AS INTEGER) - 144000), 1, 1310);

-- 6: chip-packaging-line-opens
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
6, 'chip-packaging-line-opens', 'Advanced chip packaging line opens in former disk-drive plant',
'A contract manufacturer has converted a closed hard-drive factory into a line that assembles and tests multi-chip packages, a step that has become a bottleneck for AI hardware.',
'A contract electronics manufacturer has opened an advanced packaging line in a building that until a few years ago made hard-disk drives, betting that demand for multi-chip modules will outlast the current rush to build AI servers.

Packaging, the stage at which finished silicon dies are mounted, connected and sealed, used to be treated as the low-value end of chipmaking. That has changed as designers split large processors into smaller *chiplets* that must be linked with thousands of fine connections and placed alongside stacks of high-bandwidth memory.

## Reusing a clean building

The company said the existing cleanrooms, heavy floor loading and water treatment at the site shortened the project by more than a year compared with a greenfield build. The first phase employs around 300 people, many of them former staff of the disk-drive plant.

"A lot of the skills transfer directly," said the site''s general manager. "Handling tiny, fragile parts in a clean environment is what these people did for twenty years."

## What the line does

- It attaches dies to silicon interposers and organic substrates.
- It tests dies at wafer level before assembly, so that bad dies are not wasted in expensive packages.
- It runs thermal and reliability tests on finished modules.

It will not make the chips themselves. Wafers will arrive from foundries overseas, which means the plant remains exposed to [trade rules and export controls](/article/industrial-policy-review-targets-supply-chains) on semiconductors and equipment.

Industry groups have long argued that packaging and testing are a more realistic target for domestic investment than leading-edge wafer fabrication, which costs tens of billions. Critics counter that without local fabs the country will capture only a thin slice of the value.

Water use was raised during planning. The company says it will recycle most of its process water, using methods similar to those described in our report on [water recycling at chip plants](/article/wafer-fab-water-recycling).',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 208800), (CAST(strftime('%s','now') AS INTEGER) - 316800), (CAST(strftime('%s','now') AS INTEGER) - 208800), 1, 880);

-- 7: industrial-policy-review-targets-supply-chains
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
7, 'industrial-policy-review-targets-supply-chains', 'Industrial policy review puts supply-chain resilience ahead of subsidies',
'A government-commissioned review recommends fewer, larger support programmes focused on critical inputs, skills and grid connections rather than broad grants to individual firms.',
'A long-awaited review of industrial policy has recommended that the government concentrate support on a handful of *critical inputs*, among them power semiconductors, battery materials, large castings and forgings, and cut back the patchwork of small grants built up over the past decade.

The report, prepared by an independent panel of economists, engineers and business representatives, found more than 60 separate schemes aimed at manufacturers, many of them with overlapping goals and small budgets. Firms told the panel they spent too much time applying for support and too little time using it.

## Main recommendations

1. Merge existing programmes into four funds covering materials, components, skills and infrastructure.
2. Tie support to measurable goals such as domestic capacity, emissions and training places, and publish the results.
3. Speed up grid connections for factories, which the panel called "the single biggest practical obstacle" to new investment.
4. Work with trading partners on shared [technical standards](/article/common-charging-connector-standard) rather than national ones.

## Mixed reactions

Manufacturers'' groups welcomed the emphasis on grid connections and skills, but some smaller firms worry that larger funds will favour big companies with dedicated grant teams. The panel suggested a simplified application route for businesses with fewer than 250 employees.

> "Resilience does not mean making everything at home," the report says. "It means knowing where the weak points are and having more than one way around them."

Economists who were not involved noted that the review leaves the size of overall spending to the finance ministry, so its impact will depend on budget decisions later in the year.

The government has said it will respond formally within three months. Comments on this article are closed; readers can send their views to the review''s public consultation.

*Updated to make clear that the panel''s recommendations are not binding.*',
1, 3, 'published', 0, 0, (CAST(strftime('%s','now') AS INTEGER) - 259200), (CAST(strftime('%s','now') AS INTEGER) - 432000), (CAST(strftime('%s','now') AS INTEGER) - 165600), 2, 2210);

-- 8: shipyard-order-book-dual-fuel
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
8, 'shipyard-order-book-dual-fuel', 'Shipyard order book fills with dual-fuel vessels',
'The country''s biggest shipyard has won contracts for eight ships that can run on methanol or conventional fuel, its fullest order book in more than a decade.',
'The shipyard on the west coast has signed contracts for eight dual-fuel vessels, giving it work for several years and prompting plans to reopen a dry dock that has stood idle for a long time.

The orders, a mix of container feeder ships and product tankers, are for vessels with engines that can burn methanol as well as conventional marine fuel. Owners are hedging their bets while it remains unclear which low-carbon fuels will become widely available at ports.

## A yard in transition

A decade ago the yard survived mainly on repair work and naval contracts. Managers say its revival rests on three things: a steady pipeline of specialised ships that the largest yards abroad are less interested in building, investment in automated panel lines and robotic welding, and an apprenticeship programme that now has more than 200 trainees.

"Nobody will beat the biggest yards on price for standard bulk carriers," a company spokesperson said. "We win on complexity and on delivery dates we can keep."

## Supply chain strain

The orders will test local suppliers. Each hull needs thousands of tonnes of steel plate, much of it from the domestic mill that is [converting to an electric arc furnace](/article/steelmaker-electric-arc-furnace-conversion). Engines and fuel systems come from specialist manufacturers abroad, and lead times for some components have stretched past 18 months.

- **Steel:** about 60 per cent of plate to be sourced domestically.
- **Engines:** imported, with local installation and commissioning.
- **Outfitting:** mostly regional subcontractors.

Port authorities are watching closely. If methanol-capable ships become common, ports will need storage and bunkering facilities, and several have started feasibility studies.',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 345600), (CAST(strftime('%s','now') AS INTEGER) - 374400), (CAST(strftime('%s','now') AS INTEGER) - 345600), 1, 1190);

-- 9: regional-rail-fleet-renewal
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
9, 'regional-rail-fleet-renewal', 'Regional operators order battery trains to replace ageing diesel fleet',
'A consortium of regional rail operators has ordered 45 battery-electric trains, to be assembled at a plant that had been facing closure.',
'A group of regional rail operators has placed a joint order for 45 battery-electric multiple units, replacing diesel trains that in some cases have been in service for more than 35 years.

The trains will run on partly electrified lines, charging from overhead wires where they exist and running on batteries on the remaining stretches. The operators said a joint order allowed them to standardise on one design and reduce maintenance costs.

## Lifeline for a factory

The trains will be assembled at a rolling-stock plant in the north of the country that had warned it could close for lack of work. The plant''s owner said the order would secure around 700 jobs and allow it to keep its body shop and bogie line open.

Local suppliers of seats, doors, wiring looms and interior panels are also expected to benefit. Around half of the value of each train will be produced domestically, according to the manufacturer.

## Batteries and range

Each train will carry lithium-ion battery packs giving a range of about 80 kilometres without overhead wires, enough for most of the unelectrified branches in the consortium''s network. Battery cells will come from a supplier abroad, but pack assembly will take place at the plant.

> "Battery trains are not a replacement for electrification on busy main lines," said a rail engineer who advises the consortium. "They are a way to stop running diesels on the branches where wires will never pay."

Maintenance depots will need new equipment, including charging points and battery handling facilities. Operators are also testing [machine-learning fault prediction](/article/ai-maintenance-scheduling-rail) on existing fleets and plan to extend it to the new trains.

The first units are due to enter passenger service in about three years, after a period of testing.',
2, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 432000), (CAST(strftime('%s','now') AS INTEGER) - 446400), (CAST(strftime('%s','now') AS INTEGER) - 432000), 1, 640);

-- 10: battery-recycling-pilot
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
10, 'battery-recycling-pilot', 'Battery recycling pilot recovers lithium and nickel from scrap cells',
'A pilot plant treating production scrap from cell makers reports recovery rates above 90 per cent for nickel and cobalt, and is seeking funding to scale up.',
'A pilot battery recycling plant says it can recover more than 90 per cent of the nickel and cobalt, and around 80 per cent of the lithium, from scrap battery cells, results its backers hope will support a commercial-scale facility.

The plant processes *black mass*, the powdery mix of metals and graphite left after cells are shredded. Most of its feed currently comes from production scrap, faulty cells and offcuts from large cell factories, rather than end-of-life batteries from vehicles, which will arrive in large numbers only in the next decade.

## A chemical route

Rather than smelting the material at high temperatures, the plant dissolves it in acid and separates the metals chemically. The company says this uses less energy than smelting and recovers lithium that would otherwise be lost in slag.

Key figures from the pilot:

- Nickel and cobalt recovery: above 90 per cent.
- Lithium recovery: about 80 per cent, with a target of 90.
- Throughput: around 1,000 tonnes of black mass a year.

## The economics

Recycling economics depend heavily on metal prices. When lithium and nickel prices fell sharply, several recycling start-ups elsewhere postponed projects. The company argues that rules requiring minimum recycled content in new batteries will create steadier demand regardless of commodity cycles.

"Regulation will make recycled material a requirement, not a nice-to-have," the chief executive said. "We want to be ready when that happens."

Cell makers are also interested in shorter supply chains. Many of the materials in their cells travel long distances to be refined; a local recycler could shorten that loop and help meet the goals set out in the [industrial policy review](/article/industrial-policy-review-targets-supply-chains).

A decision on the commercial plant, which would treat around ten times as much material, is expected next year. The company is also testing its process on [sodium-ion cells](/article/sodium-ion-cells-pilot-production), although the materials recovered from them are worth much less.',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 518400), (CAST(strftime('%s','now') AS INTEGER) - 590400), (CAST(strftime('%s','now') AS INTEGER) - 518400), 1, 770);

-- 11: export-orders-machinery-survey
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
11, 'export-orders-machinery-survey', 'Machinery makers report flat export orders as customers delay investment',
'A quarterly survey of equipment manufacturers shows foreign orders holding steady but not growing, with borrowing costs cited as the main reason buyers are waiting.',
'Export orders for machinery and equipment were broadly unchanged last quarter, according to the quarterly survey published by the engineering employers'' federation, as customers abroad postponed investment decisions.

The balance of firms reporting higher export orders minus those reporting lower orders was close to zero, after two quarters in negative territory. Domestic orders were slightly weaker.

## Waiting for certainty

Respondents cited three main reasons for caution among their customers: the cost of borrowing, uncertainty over energy prices, and changing trade rules. Several said customers had approved projects in principle but had not yet signed purchase orders.

> "Our pipeline of enquiries is full. What is missing is signatures," one respondent, a maker of packaging machinery, wrote in the survey.

Makers of equipment linked to the energy transition, such as transformers, heat pumps and components for wind and solar, were the exception, reporting strong growth in both domestic and export orders. Firms supplying the automotive and construction sectors reported weaker demand.

## Hiring plans hold up

Despite the flat orders, employment intentions remained positive. Many manufacturers are still struggling to fill skilled roles and are reluctant to shed staff they might find hard to rehire. The federation repeated its call for more funding for [apprenticeships in welding and machining](/article/apprenticeships-welding-skills-gap).

Investment intentions were mixed. Firms plan to spend more on automation and energy efficiency, partly in response to [high energy costs for smaller suppliers](/article/small-suppliers-energy-costs), but less on new buildings and capacity.

The federation expects export orders to pick up *modestly* in the second half of the year if interest rates fall, but warned that a new round of trade disputes could quickly reverse that.',
1, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 604800), (CAST(strftime('%s','now') AS INTEGER) - 615600), (CAST(strftime('%s','now') AS INTEGER) - 604800), 1, 410);

-- 12: zhizaoye-shuzihua-zhuanxing
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
12, 'zhizaoye-shuzihua-zhuanxing', '制造业数字化转型：从“看得见”到“用得好”',
'越来越多的中小制造企业开始部署传感器和工业软件，但真正让数据产生效益，还需要管理方式和人才结构的同步变化。',
'在东部沿海一家生产汽车零部件的中型企业，车间里的每台冲压机都装上了传感器，设备运行状态、能耗和产量实时显示在大屏上。企业负责人说，两年前他们最关心的是“看得见”，如今更关心的是“用得好”。

## 从采集数据到分析数据

这家企业最初的目标很简单：弄清楚设备到底有多少时间在真正生产。数据显示，部分设备的有效作业率不到六成，换模和等待物料占用了大量时间。针对这些问题，企业调整了排产方式，并对换模流程进行了标准化改造，整体产能提升了约15%。

业内人士认为，这种“小切口”的做法更适合中小企业：

- 先从一两个痛点入手，而不是一次性上马大系统；
- 优先选择成熟、可复制的工业软件和云服务；
- 让一线班组长参与方案设计，确保数据真正被使用。

## 人才是最大的瓶颈

不少企业反映，设备和软件并不难买，难的是既懂工艺又懂数据的复合型人才。一些地方已开始与职业院校合作，开设工业互联网、智能制造相关专业，并为在职员工提供培训补贴。

> “数字化不是买一套系统就结束了，而是一个持续改进的过程。”一位从事智能制造咨询的工程师说。

此外，数据安全和标准不统一也是企业普遍担心的问题。不同厂商的设备通信协议各异，数据难以互联互通。有关行业组织正在推动制定统一的数据接口标准，以降低企业的集成成本。

从更大的视角看，制造业数字化转型是[培育新质生产力](/article/xin-zhizhi-shengchanli)的重要路径之一。它既能帮助传统产业*提质增效*，也为工业软件、智能装备等新兴产业提供了广阔市场。',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 691200), (CAST(strftime('%s','now') AS INTEGER) - 799200), (CAST(strftime('%s','now') AS INTEGER) - 691200), 1, 980);

-- 13: data-centre-power-demand-grid
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
13, 'data-centre-power-demand-grid', 'Data centre boom tests grid capacity around the capital',
'Network operators say requests to connect new data centres now exceed spare capacity in parts of the grid, pushing developers towards sites near generation and on-site power.',
'Applications to connect new data centres to the electricity grid around the capital have risen so fast that network operators say some areas will have no spare capacity for several years, forcing developers to rethink where and how they build.

Grid operators report that data centre requests in the region now add up to several gigawatts, more than the peak demand of some mid-sized cities. Not all of them will be built; many developers apply for several sites and drop the weaker ones. But even a fraction of the queue would require major new substations and lines.

## Why AI changes the picture

Facilities built to train and run large AI models pack far more computing power into each rack than traditional enterprise data centres. That raises both the total electricity demand and the amount of heat that must be removed.

"Ten years ago a big data hall drew a few megawatts. Now people are asking us for hundreds of megawatts on a single site," said a planning manager at one network operator.

## Responses from developers

- Building near large renewable or nuclear generation, where the grid is less constrained.
- Installing on-site batteries and generation to reduce peak demand.
- Agreeing to cut consumption at times of grid stress in exchange for a faster connection.
- Reusing waste heat in district heating networks.

The government''s [industrial policy review](/article/industrial-policy-review-targets-supply-chains) identified grid connections as the biggest obstacle to new factories, and manufacturers worry that data centres will crowd them out of the queue. Regulators are consulting on rules that would prioritise projects that are *ready to build* over speculative applications.

Environmental groups say data centres should be required to report their energy and water use and show how they will source clean power. Some operators already publish such figures voluntarily.

*This article was updated to add comment from a network operator.*',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 864000), (CAST(strftime('%s','now') AS INTEGER) - 907200), (CAST(strftime('%s','now') AS INTEGER) - 792000), 2, 3050);

-- 14: common-charging-connector-standard
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
14, 'common-charging-connector-standard', 'Standards body moves toward a single charging connector for heavy trucks',
'A draft standard for megawatt-level charging of electric lorries has been published for comment, with manufacturers broadly backing one connector design.',
'The national standards body has published a draft standard for high-power charging of electric heavy goods vehicles, setting out a single connector and communication protocol that truck makers and charge-point operators would be expected to adopt.

The draft covers charging at power levels of up to several megawatts, enough to add hundreds of kilometres of range during a driver''s mandatory rest break. It closely follows an international specification developed by manufacturers and charging companies over the past few years.

## Why one plug matters

For passenger cars, competing connector designs led to years of confusion and the need for adapters. Fleet operators say they want to avoid a repeat.

"A haulier running trucks from three manufacturers cannot afford three kinds of charger at every depot," said a spokesperson for the road haulage association.

The draft specifies:

- the physical connector and cable cooling requirements;
- the communication protocol between vehicle and charger, including automatic payment;
- safety tests for high-current operation in wet and cold conditions.

## Aligning with trading partners

Officials stress that the standard is designed to match those being adopted in neighbouring markets, so that trucks can charge across borders. That approach reflects a wider push, recommended in the [industrial policy review](/article/industrial-policy-review-targets-supply-chains), to avoid national standards that fragment markets.

Grid capacity is again the catch. A single megawatt charger can draw as much power as a small factory, and a motorway service area with a dozen of them needs a substantial connection. Charge-point operators are looking at on-site batteries to smooth demand, much as [data centre developers](/article/data-centre-power-demand-grid) are doing.

The consultation is open for eight weeks. The final standard is expected next year, after which public funding for truck charging is likely to depend on compliance.',
2, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 950400), (CAST(strftime('%s','now') AS INTEGER) - 1036800), (CAST(strftime('%s','now') AS INTEGER) - 932400), 2, 520);

-- 15: apprenticeships-welding-skills-gap
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
15, 'apprenticeships-welding-skills-gap', 'Welding and machining apprenticeships struggle to keep pace with demand',
'Employers say they could take on far more apprentices in metalworking trades, but training providers are short of instructors and workshop space.',
'Manufacturers across the country say they could fill hundreds more apprenticeship places in welding, machining and fabrication, but colleges and training providers cannot supply enough instructors or workshop time to train them.

Figures from the employers'' federation show that starts on metalworking apprenticeships have risen over the past three years, yet vacancies for qualified welders remain among the hardest to fill. Shipyards, tower fabricators and rail manufacturers all report competing for the same pool of workers.

## A shortage of teachers

The main constraint, providers say, is people. Experienced welders can earn considerably more in industry than in teaching, especially with overtime, and many current instructors are close to retirement.

> "We have students on the waiting list and booths standing empty because we cannot staff them," said the head of engineering at one further-education college.

Some employers have begun lending staff to colleges for a few days a week and paying part of their salary. Others have set up their own training centres. The [wind tower fabricator that has added a third shift](/article/wind-tower-plant-adds-third-shift) trains its recruits mostly on the shop floor, with one day a week at a local college.

## What employers want

In submissions to a parliamentary committee, industry groups have asked for:

1. higher funding rates for apprenticeships that need expensive equipment and materials;
2. incentives for experienced workers to teach part-time;
3. shorter, modular courses for adults retraining from other sectors.

There are signs that the message is reaching young people. Applications for engineering apprenticeships rose this year, and employers report more interest from women, who remain a *small minority* in the welding trades.

Wages for skilled metalworkers have risen faster than the economy-wide average, which helps recruitment but adds to the pressure on smaller manufacturers already facing [high energy bills](/article/small-suppliers-energy-costs).',
1, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 1036800), (CAST(strftime('%s','now') AS INTEGER) - 1180800), (CAST(strftime('%s','now') AS INTEGER) - 1036800), 1, 690);

-- 16: freight-rates-ease-new-vessels
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
16, 'freight-rates-ease-new-vessels', 'Freight rates ease as new vessels join the global fleet',
'A wave of container ships ordered during the last boom is pushing down ocean freight rates, squeezing carriers'' margins but offering relief to shippers.',
'Container freight rates on most major trade lanes have fallen for several consecutive weeks as newly built ships enter service, adding capacity faster than demand is growing.

Shipping lines ordered record numbers of vessels during the last boom in freight rates, when strong demand and port congestion pushed prices to extraordinary levels. Those ships are now being delivered, and analysts estimate that the global container fleet will grow by several per cent this year, well ahead of expected growth in trade volumes.

## Carriers respond

Lines are trying to support rates by:

- cancelling scheduled departures, known as *blank sailings*;
- slowing ships down, which also cuts fuel use and emissions;
- scrapping older, less efficient vessels earlier than planned.

The last of these has revived attention on ship recycling, an industry under pressure to improve [safety and environmental standards](/article/ship-recycling-standards).

## Winners and losers

Importers of consumer goods, which saw shipping costs multiply during the boom, are the main beneficiaries. Retailers say lower freight costs are helping to ease price pressures on some imported goods. For carriers the picture is more difficult: several have reported sharply lower profits, although most built up large cash reserves during the good years.

> "The industry has been here before," said a maritime economist. "Overcapacity tends to last longer than anyone expects, because ships take years to build and decades to wear out."

Many of the new ships can run on alternative fuels such as methanol or liquefied natural gas, reflecting tighter emissions rules. Smaller yards have found a niche in this market, like the [domestic shipyard that has filled its order book with dual-fuel vessels](/article/shipyard-order-book-dual-fuel).

Ports are the other variable. Where terminals remain congested, effective capacity is lower than fleet numbers suggest, but at the country''s main port [waiting times are back to normal](/article/port-volumes-container-backlog-eases).',
1, 5, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 1209600), (CAST(strftime('%s','now') AS INTEGER) - 1227600), (CAST(strftime('%s','now') AS INTEGER) - 1209600), 1, 450);

-- 17: xinnengyuan-qiche-chanyelian
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
17, 'xinnengyuan-qiche-chanyelian', '新能源汽车产业链加速延伸：从整车到电池回收',
'新能源汽车的快速普及带动了电池、电机、充电设施和回收利用等上下游环节，一批传统零部件企业正在寻找新的定位。',
'新能源汽车已经从政策扶持阶段走向市场驱动阶段。随着产销规模持续扩大，产业链正在从整车制造向上下游不断延伸，涵盖电池材料、驱动电机、电控系统、充电设施以及动力电池回收利用等多个环节。

## 传统零部件企业的转型

对于许多传统汽车零部件企业来说，这既是挑战也是机遇。一家过去以生产发动机配件为主的企业，近几年逐步转向电驱动壳体和热管理部件。企业负责人介绍，转型初期订单不多，工艺也需要重新摸索，但凭借多年积累的精密加工能力，目前新能源相关产品已占销售收入的一半以上。

业内分析认为，传统零部件企业在转型中具有几方面优势：

1. 成熟的质量管理体系和整车厂配套经验；
2. 精密铸造、机加工等基础工艺能力；
3. 稳定的技术工人队伍。

## 充电网络与电池回收

产业链的另一端是基础设施和循环利用。充电桩建设正从城市向县乡延伸，高速公路服务区的快充设施也在加快布局。与此同时，第一批大规模上路的动力电池陆续进入退役期，梯次利用和材料回收成为新的增长点。

> 一位行业协会人士表示：“电池回收不仅是环保问题，也关系到锂、镍、钴等关键资源的供应安全。”

## 出口带来新课题

近年来，新能源汽车出口快速增长，企业也面临海外市场在碳足迹、数据安全和技术标准等方面的新要求。专家建议，企业应提前了解目标市场法规，加强本地化服务，并积极参与国际标准的制定与对接。

**相关报道：**[Battery recycling pilot recovers lithium and nickel from scrap cells](/article/battery-recycling-pilot)',
1, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 1382400), (CAST(strftime('%s','now') AS INTEGER) - 1440000), (CAST(strftime('%s','now') AS INTEGER) - 1382400), 1, 1560);

-- 18: steel-plate-demand-offshore-wind
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
18, 'steel-plate-demand-offshore-wind', 'Offshore wind lifts demand for heavy steel plate',
'Foundations and towers for ever-larger offshore turbines need plate thicker than most mills can roll, leaving developers reliant on a small number of suppliers.',
'The growth of offshore wind is creating strong demand for heavy steel plate, the thick, wide sheets used to make monopile foundations, transition pieces and towers, and exposing how few mills can supply it.

A single monopile for one of the largest current turbines can weigh well over 1,500 tonnes and be made from plate more than 100 millimetres thick. Only a handful of mills worldwide can roll plate of that thickness and width to the required quality, and their order books are full.

## Domestic capacity

The country''s own plate mill can produce most of the grades used in onshore towers and some offshore components, but not the heaviest sections. Industry groups have urged investment in a new heavy plate mill, arguing that offshore wind targets will otherwise depend on imports.

> "Every offshore wind farm we build is a few hundred thousand tonnes of steel," said an analyst at an energy consultancy. "The question is whether that steel is rolled here or abroad."

Mill owners are cautious. A heavy plate mill costs hundreds of millions and takes years to build, and demand from offshore wind is *lumpy*, rising and falling with project approvals.

## Decarbonising the supply

Developers are also under pressure to cut the carbon footprint of their projects, including the steel. Plate made in [electric arc furnaces](/article/steelmaker-electric-arc-furnace-conversion) from scrap has a much lower footprint than blast-furnace steel, but scrap-based routes have struggled to meet the toughness requirements of the heaviest offshore grades. Several mills are testing direct reduced iron as a cleaner feedstock.

Fabricators feel the squeeze too. The [tower yard that has added a third shift](/article/wind-tower-plant-adds-third-shift) says plate availability, not labour, could become its main constraint as offshore work grows.

**Explainer:** [Why the flange is the hardest part of a wind tower](/article/explainer-wind-tower-flanges)',
2, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 1555200), (CAST(strftime('%s','now') AS INTEGER) - 1591200), (CAST(strftime('%s','now') AS INTEGER) - 1555200), 1, 380);

-- 19: ai-maintenance-scheduling-rail
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
19, 'ai-maintenance-scheduling-rail', 'Rail operator uses machine learning to predict door and brake faults',
'By analysing sensor data from its fleet, a regional rail operator says it has cut unplanned train withdrawals and moved some maintenance from fixed intervals to actual condition.',
'A regional rail operator says a machine-learning system that analyses data from its trains has helped it predict faults in doors, brakes and air-conditioning units before they cause breakdowns, reducing the number of trains taken out of service unexpectedly.

Modern trains record thousands of data points: door opening times, brake cylinder pressures, compressor run times, motor temperatures. Until recently most of that data was looked at only after something had gone wrong. The operator''s engineering team, working with a software supplier, trained models to recognise patterns that preceded past failures.

## Doors first

Doors were the first target because they cause a disproportionate share of delays. A door that takes slightly longer than usual to close is often an early sign of wear in its mechanism.

"We were already collecting the data," said the operator''s head of fleet engineering. "What changed is that we started looking at it every day and acting on it."

Over the past year, the operator reports, unplanned withdrawals because of door faults fell by around 30 per cent, some brake inspections moved from fixed mileage intervals to condition-based checks, and depot staff had earlier warning of which parts to order.

## Limits and caution

Engineers stress that the system supports rather than replaces human judgement. Safety-critical maintenance intervals are set by regulation and cannot be changed without approval, and *every* model alert is reviewed by a technician before work is scheduled.

The experience mirrors what manufacturers have found with [camera-based inspection](/article/factory-vision-systems-cut-scrap): much of the benefit comes from changing routines in the workshop, not from the algorithm itself.

The operator plans to extend the system to the [battery trains it has ordered](/article/regional-rail-fleet-renewal), where tracking battery health will be an important part of keeping running costs down.',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 1728000), (CAST(strftime('%s','now') AS INTEGER) - 1828800), (CAST(strftime('%s','now') AS INTEGER) - 1728000), 1, 830);

-- 20: carbon-border-charges-explained
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
20, 'carbon-border-charges-explained', 'What carbon border charges mean for exporters of steel and aluminium',
'Charges on the carbon content of imported goods are coming into force in several markets. We explain how they work, who pays and what exporters need to prepare.',
'Several of the country''s main trading partners are introducing charges on the carbon emitted in making certain imported goods, starting with steel, aluminium, cement, fertilisers and hydrogen. The aim is to stop production, and emissions, from moving to places with weaker climate rules. For exporters it means new paperwork now and potentially new costs later.

## How the charges work

In broad terms, an importer must report the emissions *embedded* in the goods it brings in and, once a scheme is fully in force, buy certificates to cover them. The price is linked to the carbon price that producers in the importing market already pay. If the exporter''s country has its own carbon price, that can be deducted.

Key points for exporters:

- **Data first.** Importers will ask suppliers for verified emissions figures for each product. Without them, default values, usually unfavourable, apply.
- **Scope matters.** Direct emissions from production are covered; some schemes also include emissions from the electricity used.
- **Downstream goods.** Some simple products made from steel and aluminium, such as bolts and screws, are included.

## Who is exposed

Steel is the largest category by value for domestic exporters. Producers that are [moving to electric arc furnaces](/article/steelmaker-electric-arc-furnace-conversion) are likely to be better placed, because scrap-based steel has much lower embedded emissions.

> "The companies that have measured their emissions properly will have a commercial advantage," said a trade lawyer who advises manufacturers. "The ones who have not will be quoted default values and lose business."

## Trade tensions

Some exporting countries argue that the charges are a form of protectionism and have raised them at the World Trade Organization. Supporters reply that the schemes treat domestic and foreign producers alike. How those disputes are resolved will shape whether similar schemes spread.

Government advisers recommend that exporters appoint someone responsible for emissions data, talk to customers about their reporting needs, and check whether their electricity supplier can provide evidence of low-carbon power.

*This explainer was updated to reflect revised guidance on downstream products.*',
1, 3, 'published', 1, 1, (CAST(strftime('%s','now') AS INTEGER) - 1900800), (CAST(strftime('%s','now') AS INTEGER) - 2080800), (CAST(strftime('%s','now') AS INTEGER) - 1641600), 2, 2740);

-- 21: 5g-zhuanwang-jin-gongchang
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
21, '5g-zhuanwang-jin-gongchang', '5G专网走进工厂：低时延网络如何改变生产线',
'在港口、矿山和汽车工厂，5G专网正从试点走向规模应用，但成本、终端适配和安全仍是企业关注的重点。',
'走进一家家电企业的总装车间，自动导引车沿着预设路线穿梭，机械臂根据视觉系统的指令抓取零件，质检工位的高清摄像头实时上传图像。支撑这一切的，是厂区内部署的一张5G专网。

## 为什么是5G

与传统的无线局域网相比，5G网络在移动性、覆盖范围和连接稳定性方面具有优势，特别适合大量设备同时在线、对时延要求较高的场景。企业技术负责人介绍，过去车间内的无线网络经常出现切换中断，导致自动导引车停车等待；改用5G专网后，这类问题明显减少。

目前，5G在工业领域的典型应用包括：

- 机器视觉质检，实现高清图像实时上传和分析；
- 设备远程控制和远程运维；
- 厂区物流的自动调度；
- 港口岸桥、矿山设备的远程操作。

## 从“样板间”到“商品房”

过去几年，不少5G工厂项目以示范为主，投入大、可复制性不强。业内人士表示，如今行业正在推动“轻量化”方案，通过降低模组价格、简化网络部署，让中小企业也能*用得起、用得好*。

> “企业关心的不是5G本身，而是它能不能解决具体问题、多长时间收回投资。”一位通信设备企业的行业解决方案负责人说。

## 挑战依然存在

工业终端的5G模组价格仍然偏高，一些老旧设备缺少通信接口，需要加装网关。此外，生产网络与办公网络的隔离、数据安全防护等问题也需要提前规划。

专家认为，5G与人工智能、工业互联网平台的结合，将进一步释放数据价值，成为[制造业数字化转型](/article/zhizaoye-shuzihua-zhuanxing)的重要基础设施。',
1, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 2160000), (CAST(strftime('%s','now') AS INTEGER) - 2232000), (CAST(strftime('%s','now') AS INTEGER) - 2160000), 1, 1120);

-- 22: small-suppliers-energy-costs
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
22, 'small-suppliers-energy-costs', 'Smaller manufacturers still paying a premium for energy',
'While large industrial users have locked in cheaper long-term contracts, many small and medium-sized suppliers remain on costly fixed deals signed when prices peaked.',
'Energy prices for businesses have fallen from their peak, but many small and medium-sized manufacturers are still paying far more than they did a few years ago, according to a survey by a lobby group representing smaller firms.

About four in ten respondents said they were on fixed-price contracts signed when wholesale prices were near their highest, and could not switch to cheaper deals without paying large exit fees. Foundries, heat-treatment shops, plastics moulders and food processors were among the hardest hit.

## Passing on costs

Firms said they had tried to pass higher costs on to customers, with mixed success. Those supplying large manufacturers on long-term contracts found it hardest.

> "Our customer''s contract has an index for steel prices but not for electricity," said the owner of a small forging company. "We have been absorbing it for two years."

## What firms are doing

Many smaller manufacturers are investing in efficiency, but cash is tight. The most common measures reported were:

- replacing compressors, motors and lighting with more efficient models;
- installing rooftop solar panels;
- recovering waste heat from furnaces and ovens;
- shifting energy-intensive processes to cheaper off-peak hours.

Some are also looking at [camera-based quality control](/article/factory-vision-systems-cut-scrap) to reduce scrap, since every rejected part represents *wasted energy* as well as wasted material.

## Calls for support

The lobby group wants energy suppliers to be required to offer fairer terms to small businesses trapped in expensive contracts, and a scheme that helps energy-intensive firms with network charges to be extended to smaller users. The [industrial policy review](/article/industrial-policy-review-targets-supply-chains) touched on energy costs but made no specific recommendations on contract terms.

Energy suppliers say most contracts were freely negotiated and that many firms chose fixed prices to protect themselves from further rises.',
2, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 2332800), (CAST(strftime('%s','now') AS INTEGER) - 2358000), (CAST(strftime('%s','now') AS INTEGER) - 2332800), 1, 340);

-- 23: subsea-interconnector-agreed
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
23, 'subsea-interconnector-agreed', 'Neighbouring grids agree subsea interconnector to share renewable power',
'Two national grid operators have agreed to build a high-voltage direct-current link under the sea, allowing surplus wind and hydro power to flow in either direction.',
'The grid operators of two neighbouring countries have signed an agreement to build a subsea high-voltage direct-current (HVDC) interconnector, a project that would let each country import power when its own renewable generation is low and export it when there is a surplus.

The link, around 600 kilometres long, would be able to carry enough electricity to supply well over a million homes. One country has large hydropower reservoirs that can store energy; the other has fast-growing wind capacity that sometimes produces more than its grid can use.

## How it works

HVDC cables lose less power over long distances than alternating-current lines and are the standard choice for long subsea links. Converter stations at each end switch between direct and alternating current.

> "When the wind blows, we send power north and the reservoirs can hold their water back. When it is calm, the water comes back to us as electricity," said an engineer involved in the planning.

## Industrial spin-offs

The project will need cable, converter equipment and installation vessels, all of which are in short supply worldwide because of the boom in offshore wind and interconnectors. Cable factories have order books stretching years ahead. Domestic suppliers hope to win work on the onshore sections, civil engineering and converter station buildings. Converter platforms and foundations will also add to demand for [heavy steel plate](/article/steel-plate-demand-offshore-wind).

## Obstacles

- Permits for the cable route and landfall sites could take several years.
- The cost is expected to run into billions, shared between the operators and recovered through network charges.
- Some consumer groups in the hydro-rich country worry that exports will push up domestic prices.

Regulators in both countries must approve the investment before construction can begin. If all goes to plan, power could be flowing early in the next decade.',
1, 5, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 2505600), (CAST(strftime('%s','now') AS INTEGER) - 2538000), (CAST(strftime('%s','now') AS INTEGER) - 2505600), 1, 610);

-- 24: wafer-fab-water-recycling
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
24, 'wafer-fab-water-recycling', 'Chip plants turn to water recycling as supplies tighten',
'Semiconductor fabs use vast amounts of ultra-pure water. New treatment systems let them reuse most of it, easing pressure on local supplies.',
'Semiconductor factories need large volumes of ultra-pure water, far cleaner than drinking water, to rinse wafers between hundreds of processing steps. As new fabs are planned in regions already short of water, operators are investing heavily in recycling.

A large fab can use tens of thousands of cubic metres of water a day, comparable to a small town. Much of it used to be used once and discharged after treatment. Newer plants aim to recover and reuse the majority.

## From waste stream to rinse water

Recycling systems separate wastewater streams by type of contamination. Lightly contaminated rinse water can be treated and returned to the ultra-pure water plant; more heavily contaminated streams containing acids, solvents or metals are treated and reused for cooling towers or scrubbers.

The main technologies include:

- reverse osmosis and ion exchange to remove dissolved salts;
- ultraviolet oxidation to break down organic compounds;
- specialised treatment for fluoride and ammonia.

> "The cheapest litre of water is the one you don''t have to buy," said a water engineer who designs fab treatment plants. "The second cheapest is the one you clean and use again."

## Local concerns

Residents near planned fabs often raise water use at planning hearings. Operators increasingly publish water balances and commit to recycling targets as part of their permits. The [packaging plant that opened in a former disk-drive factory](/article/chip-packaging-line-opens) faced similar questions, although packaging uses far less water than wafer fabrication.

Energy is the trade-off. Recycling systems consume electricity, and fabs are already among the most energy-intensive factories. Some operators pair water recycling with renewable power contracts to avoid *swapping one problem for another*.

Researchers are also working on recovering valuable materials from fab wastewater, such as copper, which could help offset the cost.',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 2764800), (CAST(strftime('%s','now') AS INTEGER) - 2844000), (CAST(strftime('%s','now') AS INTEGER) - 2764800), 1, 470);

-- 25: regulator-consults-ai-machinery-safety
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
25, 'regulator-consults-ai-machinery-safety', 'Regulator consults on safety rules for AI in machinery',
'The workplace safety regulator has proposed guidance on how manufacturers should assess and document machine-learning systems that control or monitor industrial equipment.',
'The workplace safety regulator has opened a consultation on guidance for manufacturers using artificial intelligence in machinery, from robot cells that adjust their movements to camera systems that stop a press when someone comes too close.

Existing machinery safety rules assume that a machine behaves in a predictable, fixed way once it has been designed and tested. Systems that learn from data, or that are updated after installation, fit awkwardly into that framework.

## What the guidance proposes

The draft sets out expectations rather than new law. Manufacturers and users would be expected to:

1. identify which safety functions, if any, depend on a machine-learning model;
2. document the data used to train and test the model, including its known limitations;
3. reassess risks whenever the model is retrained or updated;
4. keep a conventional, independently verified safety layer, such as light curtains or emergency stops, wherever a failure could cause serious injury.

The fourth point is likely to be the most debated. Some robotics firms argue that AI-based perception can be *safer* than traditional sensors in complex environments, and that mandatory backup layers will slow adoption.

## Industry reaction

Manufacturers'' groups welcomed the clarity but asked for practical examples, particularly for smaller firms that buy systems from integrators rather than developing them. Unions called for workers to be consulted before AI systems are introduced and for incident data to be published.

> "People on the shop floor need to know what a system does and what it does not do," said a union health and safety officer.

The regulator says it is working with the standards body so that the guidance matches emerging international standards for AI and functional safety. Uses such as [visual quality inspection](/article/factory-vision-systems-cut-scrap), where the AI does not control a hazardous motion, would face lighter requirements.

The consultation runs for twelve weeks.',
2, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 3024000), (CAST(strftime('%s','now') AS INTEGER) - 3132000), (CAST(strftime('%s','now') AS INTEGER) - 3024000), 1, 900);

-- 26: inland-port-rail-link
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
26, 'inland-port-rail-link', 'Inland terminal rail link set to take thousands of lorries off the road',
'A new rail connection between the main container port and an inland logistics hub will run up to 12 trains a day in each direction when complete, its backers say.',
'Construction is under way on a rail link between the country''s largest container port and an inland logistics terminal around 150 kilometres away, a project its backers say will take thousands of lorry journeys off the roads each week.

The work involves upgrading an existing freight line, adding passing loops so that longer trains can run, and building a new connection into the inland terminal. When complete, the route will take up to 12 trains a day in each direction, each carrying the equivalent of around 60 lorry loads.

## Why it matters

Most containers leaving the port currently travel by road. Hauliers face driver shortages, congestion on the main motorway corridor and rising costs. Rail offers lower emissions per container and can move large volumes reliably, but only if the terminals at both ends can handle trains quickly.

> "A train is only as good as the terminal at either end," said the managing director of the inland terminal. "We have designed this one so that a full train can be unloaded and reloaded in under four hours."

## Jobs and investment

The inland terminal expects to employ around 400 people when fully operational, and several logistics companies have already reserved warehouse space nearby. Local officials hope the hub will attract light manufacturing as well as distribution.

- **Funding:** shared between the port authority, the rail infrastructure manager and private investors.
- **Completion:** expected within three years.
- **Impact:** about 2,000 fewer lorry journeys a week at full use.

The project is part of the port''s strategy to [reduce congestion and waiting times](/article/port-volumes-container-backlog-eases). Freight groups say more links like it will be needed if rail''s share of container traffic is to grow, and they want dedicated freight paths so that trains are not squeezed out by passenger services.',
1, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 3283200), (CAST(strftime('%s','now') AS INTEGER) - 3304800), (CAST(strftime('%s','now') AS INTEGER) - 3283200), 1, 290);

-- 27: critical-minerals-processing-partnerships
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
27, 'critical-minerals-processing-partnerships', 'Countries race to build processing capacity for critical minerals',
'Mining lithium, nickel and rare earths is only half the story. Refining remains highly concentrated, prompting new partnerships between producer and consumer countries.',
'Governments around the world are trying to diversify supplies of the minerals needed for batteries, electric motors and electronics. But experts say the harder problem is not digging ore out of the ground; it is processing it into the chemicals and metals that factories can use.

For several critical minerals, a single country accounts for well over half of global refining capacity. That concentration leaves manufacturers elsewhere exposed to export restrictions, price swings and logistical disruption.

## New partnerships

Resource-rich countries increasingly want to move up the value chain rather than export raw ore, while consumer countries want secure supplies. The result is a wave of agreements in which investment in local processing is offered in exchange for long-term supply. Typical elements include:

- joint funding for refineries near mines;
- commitments on environmental and labour standards;
- technical training for local engineers;
- long-term offtake contracts at agreed price formulas.

## Hurdles

Processing plants are expensive, energy-hungry and can be polluting if badly managed. Permits can take years, and local communities often demand a share of the benefits.

> "Building a refinery is a twenty-year commitment," said a mining analyst. "Political timelines are much shorter."

Recycling offers a partial alternative. [Battery recycling plants](/article/battery-recycling-pilot) can recover lithium, nickel and cobalt from scrap, though volumes of end-of-life batteries will stay modest for years. New chemistries such as [sodium-ion cells](/article/sodium-ion-cells-pilot-production) could also reduce demand for some scarce metals.

Trade policy is increasingly entangled with the issue, with several markets offering incentives for products whose minerals come from *approved sources*. Industry groups warn that overly strict rules could slow the energy transition by raising costs.',
2, 5, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 3542400), (CAST(strftime('%s','now') AS INTEGER) - 3607200), (CAST(strftime('%s','now') AS INTEGER) - 3542400), 1, 560);

-- 28: heat-pump-factory-expansion
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
28, 'heat-pump-factory-expansion', 'Heat pump maker doubles factory space as installations grow',
'A manufacturer of air-source heat pumps is expanding its plant and bringing compressor assembly in-house, citing demand from housebuilders and boiler replacements.',
'A domestic manufacturer of air-source heat pumps is doubling the size of its factory and taking compressor assembly in-house, one of the largest investments in the country''s heating equipment sector for years.

The company, which employs around 450 people, says the expansion will lift annual capacity to more than 100,000 units and create about 250 jobs. Production of the new models is due to begin next year.

## Demand drivers

Heat pump sales have risen as building rules for new homes limit fossil-fuel heating and as grants reduce the upfront cost of replacing gas boilers. Demand dipped when grant schemes were reorganised, but orders have since recovered. The company also sees opportunities in larger systems for offices, schools and light industrial buildings, where heat pumps can sometimes recover waste heat from processes.

## Building the supply chain

Bringing compressor assembly in-house is meant to reduce dependence on imported components, which caused delays during recent supply disruptions. The company will still buy electronic controls and some semiconductors from abroad.

> "We learned the hard way that a heat pump is only as available as its least available part," the chief operating officer said.

The expansion includes:

- new production lines for outdoor units and hydraulic modules;
- a test laboratory able to simulate outdoor temperatures well below freezing;
- a training academy for installers.

## Installer shortage

Industry groups say the number of qualified installers, *not* manufacturing capacity, is the main constraint on growth. The company will work with colleges on courses, much as metalworking firms are doing to [close the welding skills gap](/article/apprenticeships-welding-skills-gap).

Refrigerants are another consideration. The new models use natural refrigerants with very low global-warming potential, in line with tightening rules on fluorinated gases.',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 3801600), (CAST(strftime('%s','now') AS INTEGER) - 3844800), (CAST(strftime('%s','now') AS INTEGER) - 3801600), 1, 330);

-- 29: ship-recycling-standards
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
29, 'ship-recycling-standards', 'Ship recycling yards under pressure to raise safety standards',
'As more old vessels go for scrap, shipowners face tighter rules on where and how their ships are dismantled, and buyers of recycled steel want proof of safe practices.',
'The number of ships sent for recycling is expected to rise in coming years as owners retire older, less efficient vessels in response to emissions rules and weaker freight markets. That is putting renewed attention on how and where ships are dismantled.

Much of the world''s ship recycling takes place on tidal beaches, where vessels are run aground and cut apart largely by hand. Safety and environmental groups have documented serious accidents and pollution at some of these sites, though conditions vary widely and some yards have invested in far better facilities.

## Rules tightening

An international convention on safe and environmentally sound ship recycling has entered into force, setting minimum requirements for yards and for the inventory of hazardous materials each ship must carry. Some regional rules go further and require ships under their flags to use approved facilities only. Key requirements for yards include:

- impermeable floors or drainage systems to contain oil and chemicals;
- proper handling of asbestos, heavy metals and other hazardous materials;
- training and protective equipment for workers;
- emergency response plans and medical facilities.

## A source of scrap steel

A large vessel can yield tens of thousands of tonnes of steel, usually re-rolled into construction products. As steelmakers [switch to electric arc furnaces](/article/steelmaker-electric-arc-furnace-conversion) that depend on scrap, demand for this material is growing, and so is scrutiny of where it comes from.

> "Buyers of recycled steel increasingly ask the same questions as buyers of any other raw material: who made it, and under what conditions?" said a researcher who studies the industry.

Some large shipping lines have committed to using only certified yards. Critics say loopholes remain, such as selling vessels to cash buyers who re-flag them before their *final voyage*.',
3, 5, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 4060800), (CAST(strftime('%s','now') AS INTEGER) - 4111200), (CAST(strftime('%s','now') AS INTEGER) - 4060800), 1, 250);

-- 30: explainer-wind-tower-flanges
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
30, 'explainer-wind-tower-flanges', 'Explainer: why the flange is the hardest part of a wind tower',
'Wind towers look like simple steel tubes, but the bolted rings that join their sections are precision components with tight tolerances and long lead times.',
'From a distance, a wind turbine tower looks like the simplest part of the machine: a tapered steel tube. Up close, the most demanding components are the flanges, the heavy steel rings welded to each end of a section and bolted together on site.

## What a flange does

Tower sections are too large to transport in one piece, so they are made in lengths of 20 to 30 metres and joined at the site. Each joint is made by bolting two flanges together with a ring of high-strength bolts, sometimes well over a hundred of them.

The joint has to carry the weight of the nacelle and rotor, resist bending loads from the wind and survive hundreds of millions of load cycles over a design life of 25 years or more.

## Why it is difficult

- **Flatness.** The mating faces must be extremely flat, typically within a fraction of a millimetre across a diameter of several metres, so that the bolts are loaded evenly.
- **Welding distortion.** Welding the flange to the shell can pull it out of shape, so fabricators use careful welding sequences and sometimes machine the face afterwards.
- **Forging capacity.** Large flanges are rolled from forged rings, and only a limited number of forges can make the biggest sizes.

> "You can have the best rolling and welding shop in the world and still be waiting on flanges," said a production engineer at a tower fabricator.

## Bolts and maintenance

Bolts must be tensioned to a precise load and checked periodically, which is labour-intensive on tall towers. Some operators are trialling sensors that monitor bolt tension continuously, an application of the [predictive maintenance techniques](/article/ai-maintenance-scheduling-rail) spreading across heavy industry.

Designers are also exploring alternatives, such as slip joints and friction connections, that avoid large flanges altogether. For now flanges remain standard, and they are a key reason why tower makers such as the [yard that has added a third shift](/article/wind-tower-plant-adds-third-shift) watch their supply chains so closely.',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 4406400), (CAST(strftime('%s','now') AS INTEGER) - 4665600), (CAST(strftime('%s','now') AS INTEGER) - 4406400), 1, 1420);

-- 31: manufacturing-employment-edges-up
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
31, 'manufacturing-employment-edges-up', 'Manufacturing employment edges up despite weak output',
'Official figures show factory employment rising slightly over the past year even though production has been flat, as firms hold on to skilled staff.',
'Employment in manufacturing rose slightly over the past year, according to the latest official labour market figures, even though industrial output was broadly flat over the same period.

Economists say the gap reflects *labour hoarding*: firms that struggled to recruit skilled workers during the last upturn are reluctant to let them go, even when orders are soft. Vacancy rates in manufacturing have fallen from their peak but remain above their long-run average.

## Where the jobs are

Growth was concentrated in a few sectors:

- electrical equipment, including transformers, cables and heat pumps;
- transport equipment, particularly rail and shipbuilding;
- food and drink processing.

Employment fell in textiles, printing and parts of the chemicals industry, where high energy costs have weighed on production.

## Productivity puzzle

Holding on to staff while output stagnates means lower productivity per worker, which could squeeze margins if it persists. But some firms are using the slack to train staff and prepare automation projects.

> "We would rather invest in the people we have than try to find new ones when demand comes back," said the human resources director of a mid-sized engineering company.

Regional differences are large. Areas with new investment, such as the coastal towns around the [wind tower yard](/article/wind-tower-plant-adds-third-shift) and the [west-coast shipyard](/article/shipyard-order-book-dual-fuel), have seen stronger hiring, while older industrial areas that depend on automotive suppliers have lost jobs.

## Pay

Average earnings in manufacturing grew faster than inflation for the first time in several years. Skilled trades such as welding and electrical maintenance saw the largest increases, consistent with reports from employers struggling to fill [apprenticeship places](/article/apprenticeships-welding-skills-gap).

The statistics office cautioned that the figures come from a survey with a relatively small sample and are subject to revision.',
2, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 4752000), (CAST(strftime('%s','now') AS INTEGER) - 4766400), (CAST(strftime('%s','now') AS INTEGER) - 4752000), 1, 310);

-- 32: sodium-ion-cells-pilot-production
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
32, 'sodium-ion-cells-pilot-production', 'Sodium-ion battery cells enter pilot production',
'A start-up has begun producing sodium-ion cells on a pilot line, targeting stationary storage and low-cost vehicles where a lithium-free chemistry could cut costs.',
'A battery start-up has begun producing sodium-ion cells on a pilot line, one of several companies betting that the chemistry can take a share of markets now dominated by lithium-ion batteries.

Sodium is abundant and cheap, and sodium-ion cells avoid lithium, nickel and cobalt altogether. The trade-off is lower energy density: a sodium-ion cell stores less energy for its weight than a comparable lithium-ion cell.

## Where it fits

The company is targeting applications where weight matters less than cost and safety:

- stationary storage for grids, factories and [data centres](/article/data-centre-power-demand-grid);
- small city cars and two-wheelers;
- backup power for telecoms and buildings.

Sodium-ion cells also perform better in cold weather than many lithium-ion chemistries and can be shipped fully discharged, which simplifies transport and storage.

## Manufacturing advantages

Much of the production process resembles lithium-ion manufacturing, so existing equipment can be adapted. Sodium-ion cells can use aluminium rather than copper for both current collectors, which lowers material costs.

> "We are not trying to beat lithium-ion at everything," the start-up''s technical director said. "We are trying to be the cheapest safe way to store a kilowatt-hour where weight doesn''t matter."

## Challenges

Scaling up is the main hurdle. The pilot line produces a few megawatt-hours of cells a year; a commercial plant would need to be hundreds of times larger, and supply chains for cathode materials and hard-carbon anodes are still immature. The price gap with lithium-ion also moves with commodity markets: when lithium prices fell, the advantage narrowed and some projects elsewhere were delayed.

Analysts expect sodium-ion to *complement* rather than replace lithium-ion, easing pressure on [critical mineral supply chains](/article/critical-minerals-processing-partnerships) and offering another option for storage.',
3, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 5097600), (CAST(strftime('%s','now') AS INTEGER) - 5169600), (CAST(strftime('%s','now') AS INTEGER) - 5097600), 1, 690);

-- 33: inside-automated-container-terminal
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
33, 'inside-automated-container-terminal', 'Inside the automated container terminal',
'Work in progress: how automation is changing jobs on the quayside at the country''s largest port.',
'*Editor''s note: draft, not for publication. Interviews with crane operators and the union still to come; figures to be checked with the terminal operator.*

Automated stacking cranes now move most containers in the newest part of the country''s largest port, working through the night without anyone in the cab. Crane drivers who once sat thirty metres above the quay now work from a control room, stepping in when the system meets something it cannot handle: a damaged box, a twist-lock that will not release, a truck parked in the wrong lane.

## What has changed

The terminal operator says automation has made operations more predictable, particularly at night and in bad weather. Ships are turned around faster, one of the reasons [waiting times at the port have fallen](/article/port-volumes-container-backlog-eases).

- Remote operators each oversee several cranes instead of driving one.
- Maintenance staff now include software and network technicians.
- Fewer people work on the quay itself, which the operator says has improved safety.

## Questions still to answer

The change has also altered the rhythm of the terminal. Where crews once worked in gangs assigned to a single ship, remote operators now move between cranes as the system directs, and a supervisor can see the whole yard on one screen. Managers say this makes it easier to cope with ships arriving late or out of order.

Unions accept that automation is here to stay but want guarantees on retraining and on how much work remains for people. Some former drivers say remote work is less physically tiring but more mentally intense.

> Editor note: quote from terminal manager on staffing levels.

Editor note: check job numbers before and after automation; add comparison with the [inland rail terminal](/article/inland-port-rail-link), which is being designed with a lower level of automation.',
1, 4, 'draft', 0, 1, NULL, (CAST(strftime('%s','now') AS INTEGER) - 259200), (CAST(strftime('%s','now') AS INTEGER) - 18000), 2, 0);

-- 34: week-ahead-industry-briefing
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views) VALUES (
34, 'week-ahead-industry-briefing', 'Week ahead: factory output figures, a train delivery plan and a standards deadline',
'Our weekly look at what to watch in industry, technology and trade over the coming days.',
'Our weekly look at what to watch in industry and manufacturing over the next few days.

## Factory output

Official industrial production figures are due midweek. Economists expect output to be little changed, with growth in electrical equipment offset by weakness in chemicals and metals. The figures follow the [survey of machinery makers](/article/export-orders-machinery-survey) that showed flat export orders.

## Rail and shipbuilding

- Regional operators are expected to confirm the delivery schedule for their [battery train order](/article/regional-rail-fleet-renewal).
- The west-coast shipyard holds an open day for prospective apprentices, as it ramps up work on its [dual-fuel vessels](/article/shipyard-order-book-dual-fuel).

## Standards and regulation

The consultation on the [heavy truck charging standard](/article/common-charging-connector-standard) closes at the end of the week. Haulage and energy groups are expected to publish their responses, and the standards body has said it will summarise the main themes.

## Trade

Exporters of steel and aluminium have until the end of the month to respond to the latest guidance on [carbon border charges](/article/carbon-border-charges-explained). Trade associations say many smaller firms are still collecting the emissions data their customers are asking for.

## Energy

Network operators will publish an update on their connection queue, including the number of [data centre applications](/article/data-centre-power-demand-grid) waiting for capacity. Manufacturers will be watching for any sign that factories are being moved up the list.

> Have a tip or a correction? Contact the newsroom through the details on our [About page](/p/about).',
1, 1, 'scheduled', 0, 1, (CAST(strftime('%s','now') AS INTEGER) + 7200), (CAST(strftime('%s','now') AS INTEGER) - 14400), (CAST(strftime('%s','now') AS INTEGER) - 18000), 1, 0);

INSERT INTO article_tags (article_id, tag_id) VALUES
(1, 1),
(1, 2),
(1, 7),
(1, 11),
(2, 7),
(2, 5),
(2, 2),
(2, 11),
(3, 3),
(3, 2),
(4, 8),
(4, 6),
(5, 15),
(5, 2),
(5, 1),
(6, 4),
(6, 3),
(6, 2),
(7, 6),
(7, 4),
(7, 13),
(8, 8),
(8, 7),
(8, 5),
(9, 9),
(9, 10),
(9, 11),
(10, 10),
(10, 14),
(10, 5),
(11, 6),
(11, 2),
(11, 11),
(12, 15),
(12, 2),
(12, 3),
(13, 12),
(13, 3),
(13, 1),
(14, 13),
(14, 14),
(14, 1),
(15, 11),
(15, 2),
(15, 7),
(16, 8),
(16, 6),
(17, 15),
(17, 14),
(17, 10),
(17, 6),
(18, 7),
(18, 1),
(18, 5),
(19, 9),
(19, 3),
(20, 6),
(20, 5),
(20, 7),
(21, 15),
(21, 3),
(21, 2),
(22, 1),
(22, 2),
(23, 1),
(23, 5),
(24, 4),
(24, 5),
(25, 3),
(25, 13),
(25, 2),
(26, 8),
(26, 9),
(26, 6),
(27, 10),
(27, 6),
(28, 1),
(28, 5),
(28, 2),
(28, 11),
(29, 8),
(29, 7),
(29, 13),
(30, 1),
(30, 7),
(30, 2),
(31, 11),
(31, 2),
(32, 10),
(32, 1),
(32, 14),
(33, 8),
(33, 11),
(33, 3),
(34, 2),
(34, 9),
(34, 13);

-- Comments. Thread on article 1 goes two levels deep (1 -> 2 -> 3).
INSERT INTO comments (id, article_id, parent_id, user_id, author_name, author_email, author_url, body, status, spam_score, reasons, client_hash, nonce, created_at, status_changed_at) VALUES
(1, 1, NULL, NULL, 'Karin Holm', 'karin.holm@example.org', '',
 'Good to see the training scheme mentioned. My nephew is on it and says the four-days-on-the-floor model works far better than the full-time course he dropped out of.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 8400), (CAST(strftime('%s','now') AS INTEGER) - 8100)),
(2, 1, 1, 1, 'admin', 'admin@example.org', '',
 'Thanks, Karin. We are planning a follow-up on the trainee programme; if your nephew would like to talk to us, the contact details are on the About page.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 7000), (CAST(strftime('%s','now') AS INTEGER) - 7000)),
(3, 1, 2, NULL, 'Peter Lindqvist', 'p.lindqvist@example.com', '',
 'Please also ask about the college side. The workshop there is booked solid and the instructors are stretched thin.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 5200), (CAST(strftime('%s','now') AS INTEGER) - 4900)),
(4, 1, NULL, NULL, 'Sam Whitfield', 'sam.whitfield@example.com', '',
 'Does anyone know whether they take on coating technicians without previous experience?',
 'pending', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 1300), (CAST(strftime('%s','now') AS INTEGER) - 1300)),
(5, 2, NULL, NULL, 'R. Okonkwo', 'r.okonkwo@example.org', '',
 'The point about copper in scrap is underrated. Sorting and shredding quality will decide what grades that furnace can actually make.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 24000), (CAST(strftime('%s','now') AS INTEGER) - 23000)),
(6, 2, 5, NULL, 'Helen Marsh', 'helen.marsh@example.com', 'https://metallurgy-notes.example.com',
 'Agreed. Blending in direct reduced iron helps dilute the residuals, but then you need a reliable DRI supply, which is a whole other story.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 19000), (CAST(strftime('%s','now') AS INTEGER) - 18500)),
(7, 5, NULL, NULL, '李明', 'liming@example.com', '',
 '写得很实在。我们厂去年也做了数控化改造，最难的不是买设备，而是让老师傅愿意用新系统。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 100000), (CAST(strftime('%s','now') AS INTEGER) - 98000)),
(8, 5, 7, NULL, '王芳', 'wangfang@example.org', '',
 '同感。我们的做法是让老师傅带年轻人一起做数据分析，效果还不错。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 90000), (CAST(strftime('%s','now') AS INTEGER) - 89000)),
(9, 13, NULL, NULL, 'Jonas Weber', 'jonas.weber@example.com', 'https://jonasweber.example.com',
 'Waste heat reuse sounds great until you try to find a heat network within a reasonable distance of the site. Most data centres are built where land is cheap, not where the heat is needed.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 800000), (CAST(strftime('%s','now') AS INTEGER) - 790000)),
(10, 13, NULL, NULL, 'Priya Nair', 'priya.nair@example.org', '',
 'Would be useful to see how many of the queued applications are duplicates. Several gigawatts sounds alarming, but if half of it is speculative the picture is very different.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 700000), (CAST(strftime('%s','now') AS INTEGER) - 695000)),
(11, 13, NULL, NULL, 'Best SEO Deals', 'deals4u@example.com', 'https://cheap-backlinks.example.com',
 'Great article!!! Boost your ranking today: https://cheap-backlinks.example.com https://seo-deals.example.com https://links-links.example.com best prices guaranteed',
 'spam', 0.98, 'bayes 0.98; 4 links', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 650000), (CAST(strftime('%s','now') AS INTEGER) - 650000)),
(12, 20, NULL, NULL, 'Anneke de Vries', 'a.devries@example.org', '',
 'Helpful explainer. Our customers have already started sending questionnaires asking for product-level emissions, and we are a fairly small fastener maker.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 1800000), (CAST(strftime('%s','now') AS INTEGER) - 1790000)),
(13, 20, 12, 2, 'Marta Reyes', 'marta.reyes@example.org', '',
 'Thanks, Anneke. Downstream products such as fasteners are exactly where the guidance changed, and we have updated the article to reflect it.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 1650000), (CAST(strftime('%s','now') AS INTEGER) - 1650000)),
(14, 4, NULL, NULL, 'Tom Baxter', 'tom.baxter@example.com', '',
 'Gate hours at night are fine for the big hauliers, but small operators cannot get drivers for those shifts.',
 'pending', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 3600), (CAST(strftime('%s','now') AS INTEGER) - 3600)),
(15, 17, NULL, NULL, '陈静', 'chenjing@example.com', '',
 '电池回收这部分可以再展开写一写，特别是梯次利用的安全标准。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 1300000), (CAST(strftime('%s','now') AS INTEGER) - 1290000)),
(16, 30, NULL, NULL, 'Erik Sandberg', 'erik.sandberg@example.com', 'https://windtech-blog.example.com',
 'Nice explainer. One addition: flange flatness is often checked again after galvanising or coating, because the coating process can move things too.',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 4000000), (CAST(strftime('%s','now') AS INTEGER) - 3990000));

-- Static page. The privacy page is maintained separately.
INSERT INTO pages (id, slug, title, body, updated_at) VALUES (2, 'about', 'About Gazette',
'Gazette is a self-hosted news publishing engine. What you are reading is its **demo newsroom**: a small, fictional desk covering industry, technology, policy and the economy.

## The newsroom

- **admin** runs the site and writes most of the industry coverage.
- **Marta Reyes** edits the policy and economy pages.
- **Daniel Keller** reports on chips, batteries, data centres and AI in factories.

The companies, places and people quoted in the demo articles are invented. Figures are plausible but illustrative, and nothing here should be relied on as reporting.

## What the demo shows

Articles are grouped into categories and linked by shared tags, so each story can suggest related reading. Readers can comment; comments are screened for spam and some are held for moderation. There is a most-read list, a featured story, a scheduled article that appears by itself when its time comes, and a draft that only staff can see.

## Corrections and contact

We correct mistakes openly: corrected articles say what changed. To report an error or send a tip, write to *newsroom@example.org*.

See our [privacy policy](/privacy) for how the site handles cookies and comment data.',
(CAST(strftime('%s','now') AS INTEGER) - 1728000));

INSERT OR REPLACE INTO settings (key, value) VALUES
('site_name', 'The Gazette Demo'),
('tagline', 'Industry, technology and the economy, reported plainly.');
