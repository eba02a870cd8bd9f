//! Python import resolution in pyRevit's search order (spec §8).
