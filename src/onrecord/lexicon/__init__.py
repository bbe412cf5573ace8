"""Shared word knowledge, one place for each: number words, calendar words, speech verbs by
role, people's titles and names. Stages import from here; nothing here imports a stage."""
