//! Unit tests for authoritative discovery over fixture resolvers.
