"""A provider's requests about its account after activation: data changes, deactivation, agregasi, reactivation."""
