//! Unit tests of the scan.
