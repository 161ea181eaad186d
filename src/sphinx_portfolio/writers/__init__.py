"""What a build writes beside the pages: per-paper downloads and link-preview cards."""
