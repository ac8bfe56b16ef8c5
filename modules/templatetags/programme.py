from django import template

from modules.worksheets import answer_items as build_answer_items

register = template.Library()


@register.filter
def answer_items(worksheet: dict, data: dict) -> list[dict]:
    return build_answer_items(worksheet, data or {})


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)
