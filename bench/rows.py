"""What the parts of the benchmark's dataset share (bench/generate.py): the run they all draw from, planned
primary keys, names, topics and times."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from bench.copy import Loader

TOPICS = [
    # The text search of bench/pages.py (小区) finds about a third: a full page of 50 at street scale as
    # in the city, so that the two scales render the same rows and differ only in what they search.
    "小区路灯不亮，夜间出行不便",
    "小区电梯老旧需要加装",
    "菜市场周边占道经营",
    "学校门口早晚高峰拥堵",
    "社区卫生服务中心排队时间长",
    "老旧小区雨污分流改造",
    "公交线路调整后换乘不便",
    "垃圾分类收运不及时",
    "小区停车位不足，乱停车现象多",
    "养老服务站活动场地不足",
    "河道整治后的绿化维护",
    "小区周边噪音扰民，夜间施工",
    "共享单车乱停放",
    "农贸市场卫生条件差",
    "社区文化活动室开放时间短",
    "道路破损坑洼需修补",
    "小区物业服务质量有待提高",
    "小区充电桩数量不足",
    "人行道被占用",
    "健身器材损坏未修",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕凤云鹏辉"


@dataclass
class Run:
    """One generation: its scale, the one seeded random stream (each part draws from it in turn, so the order
    of the parts is part of the dataset), the clock and the number of rows loaded per model."""

    scale: object
    rng: random.Random
    log: Callable
    counts: dict
    now: datetime = field(default_factory=timezone.now)

    def __post_init__(self):
        today = timezone.localdate()
        self.first_day = today.replace(month=1, day=1) - timedelta(days=365 * (self.scale.years - 1))
        self.span = (today - self.first_day).days

    def load(self, model, rows):
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + Loader(model, self.now).write(rows)

    def day_in_history(self):
        return self.first_day + timedelta(days=self.rng.randrange(self.span + 1))


class Ids:
    """Primary keys planned ahead, one sequence per kind of row."""

    def __init__(self):
        self.next = {}

    def take(self, model, count=1):
        start = self.next.get(model, 1)
        self.next[model] = start + count
        return range(start, start + count)


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
