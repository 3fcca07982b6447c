"""Temporary: the settings' names now live in explorer.vocabulary (removed once every module imports it)."""

from explorer.vocabulary import (  # noqa: F401
    CRITERIA, DEFAULT_POINTS, DEFAULT_WEIGHTS, MODELS, POINTS_MAX, SAMPLES, STRENGTH_LEVELS, STRENGTH_NAMES,
    WEIGHT_MAX, unknown,
)
