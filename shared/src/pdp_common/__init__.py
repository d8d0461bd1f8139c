"""Common library of the Preventive Diplomacy Platform."""
