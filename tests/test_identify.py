"""Which government and year a report is: short fixtures in the shapes real reports take
(front matter, titles of every form, date and speaker lines, provinces, the State Council,
folder layouts), each with the answer read from the fixture itself."""
import pytest

from jzlib.errors import JzlibError
from jzlib.identify import from_path, government_name, identify, parse_title, read_manifest, slug


def who(texts, **kw):
    r = identify(texts, **kw)
    return r.government, r.year, r.government_from, r.year_from


def test_front_matter_title_with_a_date_gives_government_and_year():
    # the corpus shape: title: 焦作市政府工作报告 （2016年1月12日 徐衣显）, then the date and speaker lines
    texts = ["——2016年1月12日在焦作市第十二届人民代表大会第四次会议上", "焦作市人民政府代市长 徐衣显", "各位代表："]
    assert who(texts, front_title="焦作市政府工作报告 （2016年1月12日 徐衣显）") == (
        "焦作市", 2016, "front matter title", "title date")


@pytest.mark.parametrize("title, government, year", [
    ("2017年焦作市政府工作报告", "焦作市", 2017),
    ("天津市2018年政府工作报告", "天津市", 2018),
    ("2010年黑龙江省人民政府工作报告", "黑龙江省", 2010),
    ("宁夏回族自治区政府工作报告", "宁夏回族自治区", None),
    ("政府工作报告（摘要）", None, None),
    ("2016年自治区政府工作报告", None, 2016),          # 自治区 alone names no government
    ("中卫市市政府工作报告", "中卫市", None),           # a doubled suffix is a typo
])
def test_title_forms(title, government, year):
    t = parse_title(title)
    assert (t.government, t.year) == (government, year)


@pytest.mark.parametrize("line", ["《政府工作报告》名词解释", "附录一：《政府工作报告》名词解释",
                                  "市长张三作政府工作报告", "现在，我代表市人民政府作政府工作报告。"])
def test_lines_that_mention_the_report_are_not_titles(line):
    assert parse_title(line) is None


def test_an_autonomous_region_named_only_in_the_date_line():
    texts = ["政府工作报告", "——2016年1月11日在新疆维吾尔自治区第十二届人民代表大会第四次会议上", "各位代表："]
    r = identify(texts, front_title="2016年自治区政府工作报告")
    assert (r.government, r.year, r.government_from) == ("新疆维吾尔自治区", 2016, "date line")
    assert slug(r.government) == "xinjiang"


def test_the_state_council_is_the_national_government():
    texts = ["政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理 李强", "各位代表："]
    assert who(texts) == ("全国", 2024, "date line", "date line")
    assert slug("全国") == "quanguo"


def test_speaker_line_names_the_government():
    texts = ["政府工作报告", "焦作市人民政府代市长 徐衣显", "各位代表："]
    assert who(texts, year=2016) == ("焦作市", 2016, "speaker line", "user")


def test_a_report_given_in_december_is_next_years():
    texts = ["政府工作报告", "——2021年12月21日在兰州市第十七届人民代表大会第一次会议上", "各位代表："]
    assert who(texts)[:2] == ("兰州市", 2022)


def test_headings_correct_a_title_that_names_the_review_year():
    # a source that titles the report by the year it reviews: its headings review 2003 and plan 2004
    texts = ["2003年四川省人民政府工作报告", "各位代表：", "一、2003年工作回顾", "全省经济持续增长。",
             "二、2004年工作安排", "今年的主要预期目标是：生产总值增长9%。"]
    assert who(texts) == ("四川省", 2004, "title", "headings (the title says 2003)")


def test_an_abbreviated_name_gives_way_to_the_full_one():
    texts = ["——2014年2月18日在延边朝鲜族自治州第十五届人民代表大会第三次会议上", "州长 李龙熙", "各位代表："]
    r = identify(texts, front_title="延边州政府工作报告 （2014年2月18日 李龙熙）")
    assert (r.government, r.year) == ("延边朝鲜族自治州", 2014) and slug(r.government) == "yanbian"


def test_folder_layout_when_the_text_says_nothing(tmp_path):
    f = tmp_path / "其他地市" / "漯河市" / "2001.md"
    assert from_path(f) == ("漯河市", 2001, "folder and file name")
    assert who(["各位代表：", "过去一年，全市经济稳定增长。"], path=f) == (
        "漯河市", 2001, "folder and file name", "folder and file name")
    assert from_path(tmp_path / "国务院" / "1954.md") == ("全国", 1954, "folder and file name")
    assert from_path(tmp_path / "2017年焦作市政府工作报告.txt") == ("焦作市", 2017, "file name")


def test_user_and_manifest_win_over_the_text():
    texts = ["2017年焦作市政府工作报告", "各位代表："]
    assert who(texts, government="洛阳市", year=2018, given_by="manifest") == ("洛阳市", 2018, "manifest", "manifest")


def test_refused_only_when_nothing_says_and_the_message_says_what_to_pass(tmp_path):
    with pytest.raises(JzlibError, match="government and year is not stated.*--city.*--manifest"):
        identify(["各位代表：", "过去一年，经济稳定增长。"], path=tmp_path / "notes.txt")


@pytest.mark.parametrize("name, expected", [
    ("焦作市", "jiaozuo"), ("漯河市", "luohe"), ("昌都市", "changdu"), ("黑龙江省", "heilongjiang"),
    ("宁夏回族自治区", "ningxia"), ("黔东南苗族侗族自治州", "qiandongnan"), ("海西蒙古族藏族自治州", "haixi"),
    ("克孜勒苏柯尔克孜自治州", "kezilesu"), ("吉林省", "jilin"), ("吉林市", "jilinshi"), ("阿里地区", "ali"),
])
def test_ids_use_place_name_readings(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("黑龙江省", "黑龙江省"), ("宁夏回族自治区", "宁夏回族自治区"), ("锡林郭勒盟", "锡林郭勒盟"), ("阿里地区", "阿里地区"),
    ("本市", None), ("全省", None), ("自治区", None), ("市人民政府", None), ("国务院", "全国"),
])
def test_government_names(text, expected):
    assert government_name(text) == expected


def test_manifest(tmp_path):
    (tmp_path / "m.csv").write_text("file,government,year\na/x.txt,焦作市,2017\nb.txt,,2018\n", encoding="utf-8")
    m = read_manifest(tmp_path / "m.csv")
    assert m == {(tmp_path / "a/x.txt").resolve(): ("焦作市", 2017), (tmp_path / "b.txt").resolve(): (None, 2018)}
    (tmp_path / "bad.csv").write_text("path,city\nx,y\n", encoding="utf-8")
    with pytest.raises(JzlibError, match="file,government,year"):
        read_manifest(tmp_path / "bad.csv")
