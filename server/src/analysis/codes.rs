//! Every diagnostic code, in one place. Codes are part of the product's interface: never rename.
