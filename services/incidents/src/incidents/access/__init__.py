"""Who may see which incident: clearance, organization, sharing agreements and consents."""
