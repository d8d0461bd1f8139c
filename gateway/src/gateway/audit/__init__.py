"""The audit trail: who read, exported or shared sensitive material, when, with which credential."""
