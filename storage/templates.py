"""The story-URL templates each newsroom's stories were found at (``story_template``): learned
from the new stories each crawl stores (`crawler.components.pipelines`), read by the spiders
to fetch links of those shapes first, and by health to tell when new stories stop matching."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.database import Store, insert_for
from storage.models import StoryTemplate

__all__ = ["LearnedTemplate", "StoryTemplates"]


@dataclass(frozen=True)
class LearnedTemplate:
    template: str
    stories: int
    first_seen: datetime
    last_seen: datetime


class StoryTemplates(Store):
    """Story-URL templates of one database."""

    def of_newsroom(self, newsroom: str) -> dict[str, LearnedTemplate]:
        """The newsroom's learned templates, by template."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    StoryTemplate.template,
                    StoryTemplate.stories,
                    StoryTemplate.first_seen,
                    StoryTemplate.last_seen,
                ).where(StoryTemplate.newsroom == newsroom)
            )
            return {row.template: LearnedTemplate(*row) for row in rows}

    def learn(self, newsroom: str, found: Mapping[str, int], seen_at: datetime) -> None:
        """Count ``found`` new stories at each template: one transaction, an upsert per
        template (the unique key is the newsroom's template), so two crawlers learning at
        once add up."""
        if not found:
            return
        with self._sessions.begin() as session:
            for template, stories in sorted(found.items()):
                statement = insert_for(session, StoryTemplate).values(
                    newsroom=newsroom,
                    template=template,
                    stories=stories,
                    first_seen=seen_at,
                    last_seen=seen_at,
                )
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["newsroom", "template"],
                        set_={
                            "stories": StoryTemplate.stories + statement.excluded.stories,
                            "last_seen": statement.excluded.last_seen,
                        },
                    )
                )
