import datetime as dt


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)
