"""Early warning: indicators, escalation alerts and the regional picture."""
