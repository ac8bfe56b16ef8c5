from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built concurrently: responses keep being saved while the index is made.
    atomic = False

    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="questionnaireresponse",
            index=models.Index(
                condition=models.Q(
                    models.Q(("completed_at__isnull", False), ("source", "web")),
                    models.Q(("entry_number", 1), ("source", "paper"), ("verified", True)),
                    _connector="OR",
                ),
                fields=["participant", "timepoint", "instrument"],
                name="response_of_record",
            ),
        ),
    ]
