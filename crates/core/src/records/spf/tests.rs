//! Unit tests of the SPF model: parse ⇄ render tables, hostile inputs, lint ids, property tests.
//! The RFC 7208 suite and the checkdmarc vectors run from `tests/spf_*.rs`.

use super::*;
