-- Languages in the English demo (issue 17), after 001_demo.sql.
-- The newsroom's Chinese-language articles say so (articles.lang), so
-- their pages, listing items and feed entries carry lang="zh-CN" on an
-- English site; and the lead story (article 1) has a Chinese translation,
-- article 35, linked to it as translation group 1, so both pages show the
-- hreflang alternates and the "Read in English" / "阅读中文版" links.
UPDATE articles SET lang = 'zh-CN' WHERE id IN (5, 12, 17, 21);

-- 35: the Chinese version of article 1, published an hour after it.
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, featured, comments_open, published_at, created_at, updated_at, version, views, lang) VALUES (
35, 'fengdian-tatong-chang-zengkai-di-san-ban', '风电塔筒订单排到明年 港区一工厂增开第三班',
'一家把钢板卷制成风电塔筒的沿海制造厂正在招聘140名工人、实行全天候生产，以消化已经排到明年的积压订单。',
'港区工业园北端的一家风电塔筒制造厂本周表示，已开始实行三班倒生产。此前，陆上和海上风电开发商的订单接踵而至，厂里原有的两个班组已经忙不过来。

这家工厂把厚钢板卷成圆筒状的“筒节”，再焊接成长达30米的塔段，完成防腐涂装后经驳船或重型卡车运出。一座现代陆上风机的塔筒用钢可超过250吨，海上机组则要多得多。

## 招工、培训和新焊接线

公司计划在未来几个月新增约140个岗位，大部分是焊工、起重机操作员和涂装技术员。新员工中约三分之一将通过与当地职业技术学院合办的带薪培训项目招收，学员每周四天在车间、一天在课堂。

“我们不缺订单，缺的是能在60毫米厚的钢板上焊出一道合格焊缝的人，”该厂运营经理说，“这门手艺需要时间来学，所以我们很早就开始培训了。”

第二条自动埋弧焊生产线预计在本季度末前投产。管理层预计，在不增加厂房面积的情况下，产量可以提高*约四分之一*。

## 需求从哪里来

- 开发商正在用更高大的机型替换老旧的小型风机，塔筒也随之加长。
- 多个此前在规划审批阶段停滞的陆上项目，近几个月陆续获批。
- 买家越来越希望塔筒在项目附近生产，以降低运输成本和排放。

钢材供应仍是最大的风险。这家工厂的钢板大多采购自国内一家钢厂，而这家钢厂本身正在进行炉型改造，详见我们关于[钢厂改用电弧炉](/article/steelmaker-electric-arc-furnace-conversion)的报道（英文）。

*本文译自英文报道。*',
1, 1, 'published', 0, 1, (CAST(strftime('%s','now') AS INTEGER) - 7200), (CAST(strftime('%s','now') AS INTEGER) - 9000), (CAST(strftime('%s','now') AS INTEGER) - 7200), 1, 310, 'zh-CN');

INSERT INTO article_tags (article_id, tag_id) VALUES
(35, 1),
(35, 2),
(35, 7),
(35, 11),
(35, 15);

UPDATE articles SET translation_group = 1 WHERE id IN (1, 35);
