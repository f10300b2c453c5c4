//! The HTTP error reference in this repository: it builds, and it is complete.
