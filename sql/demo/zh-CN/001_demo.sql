-- Gazette demo content in Simplified Chinese: 云港日报, a city newspaper's
-- website in an invented coastal city (云港), for `gazette init --demo
-- --lang zh-CN`.  Plain SQLite SQL, run inside a transaction opened by the
-- loader (src/model/demo.c), after every migration; the loader has already
-- created user 1 ('admin').  All times are relative to now, so the site
-- always looks fresh.  The places, companies and people are invented.
-- Ids are explicit so tests can refer to them: users 2-4, categories 1-6,
-- tags 1-15, articles 1-13 (12 is the English translation of 5; 13 is a
-- draft), comments 1-7, pages: about (the privacy page is migration 004's,
-- rewritten here in Chinese).

-- The site speaks Chinese: pages say lang="zh-CN" unless an article is in
-- another language.
INSERT OR REPLACE INTO settings (key, value) VALUES
('site_language', 'zh-CN'),
('site_name', '云港日报'),
('tagline', '立足云港，关注身边事'),
('consent_text', '本站只用一个 Cookie 记住您在这里作出的选择；只有在您同意之后，才会用 Cookie 记住您发表评论时填写的姓名等信息。您可以接受或拒绝，也可以随时更改。');

UPDATE users SET display_name = '云港日报编辑部' WHERE id = 1;

-- Staff. password_hash NULL: they cannot log in until an admin sets a password.
INSERT INTO users (id, login, display_name, email, bio, role, password_hash, created_at) VALUES
(2, 'zhouxw', '周晓雯', 'zhouxiaowen@example.org', '本报副总编辑，分管本地和民生新闻。跑过多年城建和交通口，关注城市更新与公共服务。', 'editor', NULL, (CAST(strftime('%s','now') AS INTEGER) - 41472000)),
(3, 'chenli', '陈立', 'chenli@example.org', '财经、科技记者，关注港口物流、外贸、制造业和数字经济。', 'author', NULL, (CAST(strftime('%s','now') AS INTEGER) - 20736000)),
(4, 'linhao', '林浩', 'linhao@example.org', '体育记者，报道本地赛事、全民健身和青少年体育。业余马拉松跑者。', 'author', NULL, (CAST(strftime('%s','now') AS INTEGER) - 9504000));

INSERT INTO categories (id, slug, name, description, position) VALUES
(1, 'bendi', '本地', '云港市内的城市建设、交通与公共安全新闻。', 1),
(2, 'minsheng', '民生', '教育、社区、公园绿地和市民生活里的大事小情。', 2),
(3, 'caijing', '财经', '港口贸易、企业经营、消费与就业。', 3),
(4, 'keji', '科技', '新技术、科研成果和数字生活。', 4),
(5, 'tiyu', '体育', '本地赛事、全民健身和体育人物。', 5),
(6, 'guoji', '国际', '云港与世界：航线、外贸和对外交流。', 6);

INSERT INTO tags (id, slug, name, description) VALUES
(1, 'jiaotong', '交通', '道路、公交、地铁与出行。'),
(2, 'ditie', '地铁', ''),
(3, 'chengshi-gengxin', '城市更新', '老旧小区改造、街区提升与公共空间。'),
(4, 'jiaoyu', '教育', ''),
(5, 'gangkou', '港口', '云港港的码头、航线和物流。'),
(6, 'waimao', '外贸', ''),
(7, 'xiaofei', '消费', ''),
(8, 'rengong-zhineng', '人工智能', ''),
(9, 'zidong-jiashi', '自动驾驶', ''),
(10, 'malasong', '马拉松', ''),
(11, 'zuqiu', '足球', ''),
(12, 'taifeng', '台风', '防汛防台与灾后恢复。'),
(13, 'gongyuan-lvdi', '公园绿地', ''),
(14, 'jiuye', '就业', ''),
(15, 'haiyang', '海洋', '海洋科技、海洋经济与海洋保护。');

-- Articles. published_at is relative to now; created_at precedes it.
-- 1: ditie-3-haoxian-dongyan-shiyunxing
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
1, 'ditie-3-haoxian-dongyan-shiyunxing', '地铁3号线东延段今起试运行 港北新区半小时直达老城',
'全长12.4公里、设7座车站的地铁3号线东延段今天上午开始空载试运行，预计年底前开通初期运营。届时，港北新区居民到老城区的通勤时间将缩短一半左右。',
'本报讯（记者 周晓雯）今天上午9时，一列银灰色列车从地铁3号线东延段的港北新区站缓缓驶出，标志着这条备受关注的线路正式进入空载试运行阶段。

东延段西起现有3号线终点东湖公园站，向东经科创大道、临江路，止于港北新区站，全长12.4公里，全部为地下线，共设7座车站，其中3座为换乘站。据市轨道交通集团介绍，试运行期间，列车将按照正式运营的时刻表不载客运行，重点检验信号、供电和站台门等系统之间的配合。

## 通勤时间有望缩短一半

港北新区近年来人口增长较快，不少居民每天要乘公交或开车到老城区上班。家住港北新区的李女士告诉记者，她现在早上不到七点就得出门，“遇上临江大桥堵车，一个多小时都到不了单位”。

按照设计，东延段开通后，从港北新区站到老城区的人民广场站只需30分钟左右，并可与1号线、5号线换乘。市轨道交通集团相关负责人表示，初期运营阶段，早晚高峰行车间隔将控制在6分钟以内。

## 年底前有望开通

根据计划，试运行将持续3个月左右，其间还将组织消防、大客流疏散等专项演练。通过初期运营前安全评估后，东延段预计在年底前开通。

也有沿线居民和商户提出了自己的期待。临江路一带的商户希望施工围挡尽快拆除、恢复路面通行。对此，相关负责人表示，车站出入口等附属工程正在收尾，地面道路将在开通前全部恢复。',
2, 1, 'published', 1, 1, (CAST(strftime('%s','now') AS INTEGER) - 7200), (CAST(strftime('%s','now') AS INTEGER) - 21600), (CAST(strftime('%s','now') AS INTEGER) - 7200), 1, 2630, '');

-- 2: laojiu-xiaoqu-gaizao-kaigong
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
2, 'laojiu-xiaoqu-gaizao-kaigong', '老城区12个老旧小区启动改造 加装电梯、增设停车位呼声最高',
'今年第二批老旧小区改造项目日前陆续开工，涉及老城区12个小区、3800余户居民。改什么、先改什么，由居民投票决定。',
'本报讯（记者 周晓雯）随着施工队陆续进场，老城区今年第二批老旧小区改造项目日前全面开工。此次改造涉及建设路、文化街等片区的12个小区，共3800余户居民，计划明年春节前完工。

这些小区大多建于上世纪八九十年代，普遍存在管网老化、没有电梯、停车难等问题。据区住建局介绍，今年的改造不搞“一刀切”：先由社区组织居民议事会，把雨污分流、外墙保温、加装电梯、增设停车位、适老化改造等十几项内容列成“菜单”，再由居民投票决定先做哪些。

## 加装电梯最受关注

投票结果显示，加装电梯和增设停车位最受关注。在建设路45号院，72岁的王大爷住在6楼，腿脚不便后已经很少下楼。“以前也说过装电梯，一楼、二楼的邻居不太同意。这次社区工作人员一户一户上门谈，总算谈成了。”

区住建局相关负责人介绍，加装电梯的费用由财政补贴、提取住房公积金和居民自筹三部分组成，楼层越高的住户分摊越多，一楼住户不出资。截至目前，已有21个单元签订了加装电梯协议。

## 施工期间如何出行

改造期间，部分小区道路将临时封闭。社区已在各小区门口张贴施工公告和绕行示意图，并为每个项目选出“居民监督员”，对施工质量、噪声和文明施工情况进行监督。居民如有问题，可拨打各社区公布的改造专线反映。',
2, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 30600), (CAST(strftime('%s','now') AS INTEGER) - 45000), (CAST(strftime('%s','now') AS INTEGER) - 30600), 1, 1410, '');

-- 3: koudai-gongyuan-quanbu-kaifang
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
3, 'koudai-gongyuan-quanbu-kaifang', '家门口多了“小绿地” 今年全市新建15处口袋公园',
'利用边角地、闲置地建设的15处口袋公园已全部向市民开放。这些面积从几百到两三千平方米不等的小公园，让不少居民出门五分钟就能见到绿。',
'清晨六点多，东湖区和平街口的一处小公园里已经热闹起来：几位老人在打太极，年轻的妈妈推着婴儿车慢慢散步，健身器材前也有人在锻炼。半年前，这里还是一块堆放杂物、长满杂草的空地。

记者从市园林局获悉，今年全市利用道路边角地、拆违腾退地和单位闲置地块，新建了15处口袋公园，总面积约2.6万平方米，目前已全部向市民开放。

## 小而精，贴近日常

与大型公园相比，口袋公园面积不大，最小的只有400多平方米，但功能考虑得很细：有的设置了儿童沙池和滑梯，有的增加了适合老年人的座椅和无障碍坡道，还有的保留了原有的老树，围着大树做了一圈树池座凳。

“设计之前，我们在周边社区做了问卷调查，”市园林局一位负责人说，“居民最想要的，一是能坐下来歇歇脚，二是孩子有地方玩，三是晚上有灯、走着安全。”

## 建好更要管好

也有市民反映，个别口袋公园夜间照明不足，垃圾桶清运不够及时。对此，园林部门表示，每处口袋公园都已明确管护责任单位，并纳入日常考核。明年，全市计划再建20处口袋公园，重点向老城区以及学校、医院周边倾斜。',
2, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 97200), (CAST(strftime('%s','now') AS INTEGER) - 111600), (CAST(strftime('%s','now') AS INTEGER) - 97200), 1, 980, '');

-- 4: chuzhong-kehou-fuwu-quan-fugai
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
4, 'chuzhong-kehou-fuwu-quan-fugai', '秋季学期起全市公办初中课后服务全覆盖',
'从今年秋季学期开始，全市58所公办初中将全部开展课后服务，内容包括作业辅导、社团活动和体育锻炼，学生自愿参加。',
'本报讯（记者 周晓雯）记者日前从市教育局获悉，从今年秋季学期开始，全市58所公办初中将全部提供课后服务，实现公办初中全覆盖。

按照安排，课后服务在每个上学日正常放学后进行，一般不少于两小时，结束时间原则上不早于当地正常下班时间。服务分为两段：前一段以学生自主完成作业、教师答疑为主；后一段开展文体、艺术、科普等社团活动。

## 自愿参加，不讲新课

市教育局相关负责人强调，课后服务坚持学生自愿参加，由家长提出申请；课后服务时间不得讲授新课，也不得变相组织集体补课。对于家庭经济困难的学生，学校将减免相关费用。

市第七中学去年已先行试点。该校初二学生家长张先生说，孩子现在在学校就能把大部分作业写完，“回家以后能早点休息，我们也不用再为接孩子的事发愁了”。

## 老师从哪里来

课后服务需要大量师资。除本校教师外，各校还将引入少年宫、体育俱乐部、科技馆等校外资源，并邀请退休教师、家长志愿者参与。教育部门表示，教师参加课后服务将计入工作量，并在绩效考核中予以体现。',
2, 2, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 190800), (CAST(strftime('%s','now') AS INTEGER) - 205200), (CAST(strftime('%s','now') AS INTEGER) - 190800), 1, 1720, '');

-- 5: gangkou-jizhuangxiang-tuntuliang-zengzhang
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
5, 'gangkou-jizhuangxiang-tuntuliang-zengzhang', '前三季度云港港集装箱吞吐量同比增长8.6%',
'云港港前三季度完成集装箱吞吐量312万标准箱，同比增长8.6%。新开辟的航线和铁海联运是主要增长点，但港口方面也提醒，外需仍存在不确定性。',
'本报讯（记者 陈立）记者从云港港口集团获悉，今年前三季度，云港港累计完成集装箱吞吐量312万标准箱，同比增长8.6%；货物吞吐量1.46亿吨，同比增长4.1%。

从货类看，机电产品、汽车零部件和冷链食品增长较为明显。港口集团相关负责人分析，一方面，今年新开辟的3条外贸航线陆续投入运营，带来了新的货源；另一方面，铁海联运业务发展较快，内陆城市的货物经铁路直接运抵港区装船，前三季度铁海联运量同比增长超过两成。

## 码头效率提升

为应对货量增长，港区东作业区今年完成了堆场自动化改造，新增6台远程操控的轨道吊。据介绍，改造后单箱作业时间缩短约15%，集卡在港平均停留时间也明显减少。

“以前一到旺季，集卡排一两个小时队是常事，现在基本在半小时以内。”在港区跑了十多年运输的司机老郑说。

## 外需仍有不确定性

不过，港口集团也提醒，受海外市场需求波动、海运价格起伏等因素影响，第四季度增速可能有所放缓。集团表示，将继续拓展近洋航线，加快推进冷链物流园二期建设，争取全年集装箱吞吐量突破400万标准箱。',
3, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 93600), (CAST(strftime('%s','now') AS INTEGER) - 108000), (CAST(strftime('%s','now') AS INTEGER) - 93600), 1, 1290, '');

-- 6: laozihao-fushunzhai-zhibojian
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
6, 'laozihao-fushunzhai-zhibojian', '百年老字号走进直播间 传统糕点卖出新销量',
'有一百多年历史的本地糕点老字号“福顺斋”今年开始做直播，线上销售额已占三成。年轻顾客的关注让老店看到了新机会，也带来了新考验。',
'本报讯（记者 陈立）晚上八点，老城区文化街的“福顺斋”门店已经打烊，二楼的一间小屋里却灯火通明。店里的年轻员工小许站在镜头前，一边掰开刚出炉的桂花糕，一边向屏幕那头的网友介绍：“我们的馅料还是老做法，桂花要用糖腌足三个月。”

福顺斋创办于清末，是云港人再熟悉不过的老字号。过去，它的顾客主要是附近的老街坊和逢年过节来买礼盒的市民。今年年初，店里组建了一支5人的年轻团队，开始在短视频平台上做直播。

## 线上销售占到三成

“一开始大家心里都没底，第一场直播只卖出去二十几盒。”福顺斋负责人陈女士说。团队慢慢摸索，把镜头对准后厨，拍老师傅揉面、包馅、烘烤的过程，看的人越来越多。目前，线上销售额已占总销售额的三成左右，买家中35岁以下的年轻人超过一半。

## 老手艺遇到新问题

销量上去了，新问题也随之而来。传统糕点保质期短，远距离运输容易受潮、破碎。为此，店里改进了包装，并与本地一家冷链物流企业合作，把发货范围控制在两天内能送达的地区。

市商务局相关负责人表示，今年全市已有20多家老字号企业尝试线上销售，商务部门将在品牌推广、人才培训等方面给予支持。“老字号的根本还是品质，线上渠道只是让更多人认识它们。”',
3, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 280800), (CAST(strftime('%s','now') AS INTEGER) - 295200), (CAST(strftime('%s','now') AS INTEGER) - 280800), 1, 1530, '');

-- 7: zidong-jiashi-gongjiao-ceshi-xianlu
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
7, 'zidong-jiashi-gongjiao-ceshi-xianlu', '港北新区开通首条自动驾驶公交测试线路',
'全长8.2公里的自动驾驶公交测试线路在港北新区开通，市民可免费预约乘坐。测试期间车上配有安全员，遇到复杂路况随时接管。',
'本报讯（记者 陈立）本周一起，港北新区开通全市首条自动驾驶公交测试线路。线路全长8.2公里，途经科创大道、软件园、市民中心等地，共设10个站点，市民可通过“云港出行”小程序免费预约乘坐。

记者当天体验了这趟车。车辆外观与普通小型公交车相似，车顶和车身四周装有激光雷达、摄像头等设备。车内没有方向盘，驾驶位上坐着一名安全员。车辆起步平稳，遇到路口红灯会提前减速，行人横穿马路时也能及时停车避让。

## 安全员全程在岗

据运营企业介绍，测试阶段每辆车都配有经过培训的安全员，遇到施工路段、恶劣天气等复杂情况时，安全员会立即接管车辆。车辆的运行数据也实时上传至监管平台。

“目前车速限制在每小时30公里以内，主要是在真实道路环境中积累数据。”该企业技术负责人说。

## 乘客感受不一

试乘的市民中，有人觉得新鲜，也有人心存顾虑。在软件园上班的小刘说，这条线路正好连接地铁站和园区，“以后如果正式运营，上下班会方便不少”。也有老年乘客表示，还是更习惯有司机开车。

交通部门表示，测试期为一年，将根据测试情况评估是否扩大线路范围。',
3, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 111600), (CAST(strftime('%s','now') AS INTEGER) - 126000), (CAST(strftime('%s','now') AS INTEGER) - 111600), 1, 2210, '');

-- 8: yungang-daxue-haishui-danhua-mo
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
8, 'yungang-daxue-haishui-danhua-mo', '云港大学团队研发新型海水淡化膜 能耗有望降低两成',
'云港大学海洋学院一个科研团队研发出一种新型反渗透膜材料。实验室测试显示，在相同产水量下能耗可降低约20%，团队正与企业合作开展中试。',
'本报讯（记者 陈立）记者从云港大学获悉，该校海洋学院一支科研团队近日在海水淡化膜材料研究方面取得进展。实验室测试显示，使用这种新型反渗透膜，在产水量相同的条件下，海水淡化的能耗可降低约20%。

海水淡化是沿海地区解决用水问题的重要途径，但能耗高一直制约着它的推广。团队负责人、海洋学院教授赵敏介绍，反渗透淡化要用高压把海水“挤”过一层很薄的膜，膜的透水性能越好，所需压力就越低，耗电也就越少。

## 从实验室走向中试

“我们在膜的表面构建了一种特殊的纳米结构，让水分子更容易通过，同时把盐分挡在外面。”赵敏说。为此，团队花了将近四年时间，反复调整材料配方和制备工艺。

目前，团队已与本地一家水处理企业签订合作协议，将在港北新区的淡化水厂建设一条中试线，检验新材料在真实海水、长时间运行条件下的表现。赵敏坦言，实验室数据和工业应用之间还有不少距离，“膜能不能长期稳定运行、抗不抗污染，都要靠中试来验证”。

## 科研与育人同步

据了解，该项目还吸引了十多名研究生参与。海洋学院表示，将依托中试平台开设实践课程，让学生在真实的生产环境中学习。',
3, 4, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 370800), (CAST(strftime('%s','now') AS INTEGER) - 385200), (CAST(strftime('%s','now') AS INTEGER) - 370800), 1, 860, '');

-- 9: yungang-malasong-baoming-chuang-xingao
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
9, 'yungang-malasong-baoming-chuang-xingao', '2万个名额引来6.8万人报名 云港马拉松下月鸣枪',
'今年云港马拉松报名人数达6.8万人，创历届新高，最终将通过抽签产生2万名参赛者。赛道首次经过新建成的滨海栈道。',
'本报讯（记者 林浩）记者从市体育局获悉，今年云港马拉松报名日前截止，共有6.8万人报名，创历届新高。由于参赛名额只有2万个，组委会将通过电脑抽签确定参赛选手，抽签结果将于本周五公布。

今年的比赛设全程马拉松、半程马拉松和5公里健康跑三个项目。赛道以市民广场为起终点，沿滨江路、临江大桥一路向东，首次经过今年新建成的滨海栈道。组委会提醒，新赛道沿途风景更好，但海边风大，跑者要提前做好准备。

## 医疗保障再加码

针对往届比赛中部分跑者出现抽筋、脱水等情况，今年组委会在赛道沿线加密了医疗点，每2.5公里设置一处，并配备自动体外除颤器（AED）。此外，还有200名接受过急救培训的志愿者将作为“医师跑者”随队参赛。

## 比赛日交通管制

比赛当天上午6时至下午1时，赛道沿线道路将分时段实施交通管制。交警部门提醒，市民可提前规划出行路线，尽量选择地铁出行。',
4, 5, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 54000), (CAST(strftime('%s','now') AS INTEGER) - 68400), (CAST(strftime('%s','now') AS INTEGER) - 54000), 1, 1980, '');

-- 10: dongnanya-jizhuangxiang-xin-hangxian-shouhang
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
10, 'dongnanya-jizhuangxiang-xin-hangxian-shouhang', '云港至东南亚集装箱新航线首航 运输时间缩短三至五天',
'一艘满载本地出口货物的集装箱船本周二从云港港东作业区启航，开往东南亚多个港口。新航线每周一班，可为本地外贸企业节省三到五天的运输时间。',
'本报讯（记者 陈立）本周二上午，随着一声汽笛长鸣，一艘载有1800个标准箱的集装箱船从云港港东作业区缓缓驶离码头，开往东南亚。这标志着云港港今年新开辟的第三条外贸航线正式开通。

这条航线每周一班，依次挂靠东南亚地区的4个主要港口，单程约12天。此前，本地企业出口到东南亚的货物大多要先运到周边大港中转，全程要多花三到五天。

## 外贸企业直接受益

港北新区一家小家电生产企业的外贸部经理告诉记者，公司每个月有四五十个集装箱发往东南亚。“以前要先用驳船运到别的港口再装大船，不光时间长，还多了一道装卸，货损风险也更大。现在在家门口就能直接上船了。”

## 东南亚市场需求看涨

近年来，东南亚国家的基础设施建设和制造业发展较快，对机械设备、建材、家电等产品的需求持续增长。市商务局数据显示，今年前三季度，我市对东南亚地区出口额同比增长12.3%，高于全市出口平均增速。

港口集团表示，下一步将根据货源情况研究增加航班密度，并与东南亚港口在通关便利化、信息互通等方面加强合作。',
3, 6, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 201600), (CAST(strftime('%s','now') AS INTEGER) - 216000), (CAST(strftime('%s','now') AS INTEGER) - 201600), 1, 740, '');

-- 11: di-9-hao-taifeng-guojing-lianye-qiangxiu
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
11, 'di-9-hao-taifeng-guojing-lianye-qiangxiu', '第9号台风过境 全市连夜抢修 主要道路今晨恢复通行',
'受今年第9号台风影响，我市昨天出现大风和强降雨，部分路段积水、树木倒伏。经过一夜抢修，截至今天早上7时，城区主要道路已全部恢复通行。',
'本报讯（记者 周晓雯）受今年第9号台风影响，昨天下午到夜间，我市普降大到暴雨，沿海地区出现10级以上阵风。记者从市防汛防台指挥部获悉，经过连夜抢修，截至今天早上7时，城区主要道路已全部恢复通行，全市未接到人员伤亡报告。

据统计，台风期间全市共有37处路段积水，倒伏树木200余棵，部分小区出现短时停电。市政、园林、供电等部门组织1500余人连夜抢修。在临江路与建设路交叉口，积水一度没过小轿车的车轮，排水车连续作业4个多小时才把积水排完。

## 近万人提前转移

台风登陆前，沿海各镇提前转移了渔船作业人员、海边养殖户和危旧房住户共9600余人，全市2300多艘渔船全部回港避风。临江镇一处安置点的负责人说，安置点为群众准备了床铺、饮用水和热饭菜，“大家都很配合，昨晚基本都休息得不错”。

## 出行仍需留意

气象部门预计，今天白天我市仍有阵雨，风力逐渐减弱。交警部门提醒，部分郊区道路倒伏的树木尚未清理完毕，驾车出行请减速慢行；市民遇到路面积水、电线垂落等情况，切勿靠近，可拨打12345市民热线反映。',
2, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 18000), (CAST(strftime('%s','now') AS INTEGER) - 32400), (CAST(strftime('%s','now') AS INTEGER) - 18000), 1, 3120, '');

-- 12: yungang-port-container-volumes-up
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
12, 'yungang-port-container-volumes-up', 'Yungang port container volumes up 8.6% in the first three quarters',
'The port handled 3.12 million TEU in the first nine months of the year, 8.6% more than a year earlier, helped by new shipping routes and rail-sea freight. The port group warns that demand abroad remains uncertain.',
'Yungang port handled 3.12 million twenty-foot equivalent units (TEU) of containers in the first three quarters of the year, 8.6% more than in the same period last year, the Yungang Port Group said. Total cargo throughput rose 4.1% to 146 million tonnes.

Machinery and electrical goods, car parts and refrigerated food grew fastest. A port group official put the rise down to two things: three new international routes opened this year brought in new cargo, and rail-sea freight, in which goods from inland cities arrive by train and go straight onto ships, grew by more than a fifth.

## Faster at the quay

To keep up with the extra volume, the port''s eastern terminal finished automating its container yard this year and added six remotely operated rail-mounted gantry cranes. Handling time per box has fallen by about 15%, the port says, and trucks spend noticeably less time inside the gates.

"In the busy season you used to queue for an hour or two. Now it''s usually under half an hour," said Mr Zheng, a lorry driver who has worked the port for more than ten years.

## Demand abroad still uncertain

The port group cautioned that growth may slow in the fourth quarter as overseas demand and freight rates swing. It plans to add more short-sea routes and to speed up the second phase of its cold-chain logistics park, aiming to pass 4 million TEU for the full year.

*This is a translation of a report first published in Chinese.*',
3, 3, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 72000), (CAST(strftime('%s','now') AS INTEGER) - 86400), (CAST(strftime('%s','now') AS INTEGER) - 72000), 1, 410, 'en');

-- 13: qingshaonian-zuqiu-liansai-luomu
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
13, 'qingshaonian-zuqiu-liansai-luomu', '市青少年足球联赛落幕 126支队伍参赛创纪录',
'历时两个多月的市青少年足球联赛上周末落幕，参赛队伍和人数均创新高。（草稿，待核实比分）',
'本报讯（记者 林浩）历时两个多月的市青少年足球联赛上周末在市体育中心落下帷幕。本届联赛共有126支队伍、2000余名小球员参赛，队伍数量和参赛人数均创历届新高。

（待补充：各组别冠军及决赛比分，请与市足协核实后再发布。）',
4, 5, 'draft', 0, 1, NULL, (CAST(strftime('%s','now') AS INTEGER) - 100800), (CAST(strftime('%s','now') AS INTEGER) - 3600), 1, 0, '');

INSERT INTO article_tags (article_id, tag_id) VALUES
(1, 1),
(1, 2),
(2, 3),
(3, 13),
(3, 3),
(4, 4),
(5, 5),
(5, 6),
(6, 7),
(7, 9),
(7, 8),
(7, 1),
(8, 15),
(9, 10),
(10, 5),
(10, 6),
(11, 12),
(11, 1),
(12, 5),
(12, 6),
(13, 11);

-- Article 12 is the English version of article 5: both pages announce the
-- other (hreflang alternates and a "Read in English" / "阅读中文版" link).
UPDATE articles SET translation_group = 1 WHERE id IN (5, 12);

INSERT INTO comments (id, article_id, parent_id, user_id, author_name, author_email, author_url, body, status, spam_score, reasons, client_hash, nonce, created_at, status_changed_at) VALUES
(1, 1, NULL, NULL, '张磊', 'zhanglei@example.com', '',
 '终于等到了！每天从港北新区过临江大桥上班，希望年底能准时开通。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 5400), (CAST(strftime('%s','now') AS INTEGER) - 5400)),
(2, 1, 1, 2, '周晓雯', 'zhouxiaowen@example.org', '',
 '谢谢关注。开通日期一确定，我们会第一时间报道，也会把换乘和首末班车时间整理出来。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 4200), (CAST(strftime('%s','now') AS INTEGER) - 4200)),
(3, 1, NULL, NULL, '海边的风', 'haibian@example.com', '',
 '东延段有没有给以后往临江镇方向延伸留条件？那边这几年新建的小区也不少。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 3000), (CAST(strftime('%s','now') AS INTEGER) - 3000)),
(4, 2, NULL, NULL, '建设路老住户', 'jianshelu@example.com', '',
 '我们楼也想加装电梯，请问要去哪里申请？需要全楼都签字同意吗？',
 'pending', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 2400), (CAST(strftime('%s','now') AS INTEGER) - 2400)),
(5, 3, NULL, NULL, '李阿姨', 'liayi@example.org', '',
 '和平街那个小公园我天天去跳操，就是晚上灯有点暗，希望早点改进。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 80000), (CAST(strftime('%s','now') AS INTEGER) - 80000)),
(6, 9, NULL, NULL, '跑者小王', 'xiaowang@example.com', '',
 '报了三年，今年总该中签一次了吧！新赛道经过滨海栈道，太期待了。',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 40000), (CAST(strftime('%s','now') AS INTEGER) - 40000)),
(7, 12, NULL, NULL, 'Mark Davies', 'mark.davies@example.com', '',
 'Good to have this in English. Do any of the three new routes go beyond South-East Asia?',
 'approved', 0, '', NULL, NULL, (CAST(strftime('%s','now') AS INTEGER) - 60000), (CAST(strftime('%s','now') AS INTEGER) - 60000));

-- Pages: "about" in Chinese, and the privacy policy of migration 004 told
-- in Chinese (the same cookies and the same rules).
INSERT INTO pages (id, slug, title, body, updated_at) VALUES (2, 'about', '关于我们',
'《云港日报》数字版是 Gazette 新闻发布系统的**中文演示站点**。云港市、《云港日报》以及报道中出现的单位、人物均为虚构，文中数字仅作演示之用，请勿当作真实新闻引用。

## 编辑部

- **周晓雯**：副总编辑，负责本地和民生报道。
- **陈立**：财经、科技记者。
- **林浩**：体育记者。

## 演示内容

报道按栏目分类，并用标签相互关联，每篇文章下方会推荐相关阅读。读者可以发表评论，评论会先经过垃圾信息过滤，部分评论需要审核后才会显示。首页有头条、最新报道和阅读排行，后台还有一篇只有编辑能看到的草稿。

部分报道同时提供英文版。例如《前三季度云港港集装箱吞吐量同比增长8.6%》一文，标题下方可以切换到英文版本，英文版也会链接回中文原文。

## 更正与联系

报道如有差错，我们会公开更正并注明修改之处。反映问题或提供新闻线索，请发邮件至 *xinwen@example.org*。

本站如何使用 Cookie 和评论数据，请见[隐私与 Cookie 政策](/privacy)。',
(CAST(strftime('%s','now') AS INTEGER) - 1728000));

UPDATE pages SET title = '隐私与 Cookie 政策', body =
'本站使用 Gazette 自托管新闻发布系统。页面上的所有内容都由本站直接提供：我们不从其他网站加载字体、脚本、图片或头像，也不使用任何统计分析或广告服务，第三方看不到您的访问。

## Cookie {#cookies}

凡不是网站运行所必需的 Cookie，我们都会先征得您的同意，而且拒绝和接受一样方便。在您作出选择之前，以及在您选择拒绝之后，本站只设置一个 Cookie，用来记住您的选择。您可以随时通过每个页面底部的 **Cookie 设置** 链接改变主意。

Gazette 可能设置的 Cookie：

- **`gz_consent`**：记住您接受还是拒绝了可选 Cookie、您当时看到的本政策版本以及选择的时间。有效期 6 个月。在您点击“接受”或“拒绝”时设置。
- **`gz_commenter`**：记住您填写的姓名、电子邮箱和网址，下次评论时不必重新填写。有效期 6 个月。仅在您同意使用 Cookie 并勾选了评论表单中保存信息的选项后设置。
- **`gz_session`**（通过 HTTPS 访问时名为 `__Host-gz_session`）：让编辑和管理员保持登录状态，普通读者不会收到。有效期到退出登录为止，最长 7 天；连续 2 小时没有操作即失效。在工作人员登录时设置。
- **`gz_login`**：保护工作人员登录表单，防止跨站请求伪造。有效期 1 小时。在打开工作人员登录页面时设置。

您作出 Cookie 选择后，我们会保存一条记录（时间、您的选择、政策版本，以及经过加盐处理的网络地址哈希值，而不是地址本身），以便证明您确实作出了同意。这些记录会在网站设定的保存期限（默认 365 天）届满后删除。

## 评论 {#comments}

您发表评论时，我们会保存您填写的姓名、电子邮箱和网址、评论内容、发表时间，以及经过加盐处理的网络地址哈希值（而不是地址本身）。您的电子邮箱不会公开显示。审核通过的评论会一直随文章保留，直到被删除；被判为垃圾信息的评论保留 30 天，供审核人员复查，之后删除。

垃圾评论完全在本站服务器上过滤，不借助任何外部服务，手段包括：只有机器程序才会填写的隐藏字段；带签名的表单令牌，提交得过快或过晚的表单都会被拒绝；限制同一地址或同一篇文章在短时间内收到的评论数量；屏蔽词和屏蔽地址列表；以及一个根据审核人员的处理结果不断学习的统计过滤器。这个过滤器会参考评论的文字、链接和作者信息，审核人员可以看到每条待审评论的评分和理由。

## 您的权利

您可以要求查看、更正或删除我们保存的与您有关的个人数据。请用您发表评论时使用的电子邮箱，写信到[关于我们](/p/about)页面上的编辑部邮箱，并说明您的要求：

- **获取副本**：我们会把以该邮箱地址发表的全部评论（姓名、电子邮箱、网址、正文、所属文章、时间和状态），以及与您某条评论来自同一网络地址的 Cookie 同意记录，整理成一个 JSON 文件发给您。同意记录不含电子邮箱地址，只有时间、所作选择、政策版本和网络地址的加盐哈希值，因此这个哈希值是它们与您之间唯一的关联；使用同一网络的其他人也会共用它。
- **删除**：按您的意愿，您的评论会被匿名化（保留正文，署名改为“匿名”，删除电子邮箱、网址和地址哈希），或者被彻底删除；其他读者的回复会保留。来自您网络地址的同意记录也会一并删除。

我们会在一个月内答复。每一次发送副本和删除操作都会记入本站的审计日志，记录经办编辑的姓名和经过遮盖的邮箱地址，而不会记录地址本身。'
WHERE slug = 'privacy';
