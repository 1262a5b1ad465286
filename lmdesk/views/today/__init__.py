"""Today's IT doses screen: the ward worklist across patients."""
