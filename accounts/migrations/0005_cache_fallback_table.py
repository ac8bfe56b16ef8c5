# The table the default cache falls back to while Redis is away (config/cache.py), made by
# `migrate` so that no deployment step can forget it. Django's createcachetable only knows its own
# DatabaseCache backend; this is the same table it would make.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_language")]

    operations = [
        migrations.RunSQL(
            [
                'CREATE TABLE IF NOT EXISTS "cache_fallback" ("cache_key" varchar(255) NOT NULL '
                'PRIMARY KEY, "value" text NOT NULL, "expires" timestamp with time zone NOT NULL)',
                'CREATE INDEX IF NOT EXISTS "cache_fallback_expires" ON "cache_fallback" ("expires")',
            ],
            'DROP TABLE IF EXISTS "cache_fallback"',
        )
    ]
