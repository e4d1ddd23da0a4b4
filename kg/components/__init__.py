"""spaCy pipeline components kg adds: paragraphs, gazetteer, NER fixes, time tagger."""
