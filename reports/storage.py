"""Private storage for report files: a folder with no URL, so nothing can link to a file directly."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """
    FileSystemStorage that refuses to make URLs.

    Django falls back to MEDIA_URL when base_url is empty; a report file must only ever leave
    through the download view, which checks permission first.
    """

    def url(self, name):
        raise ValueError("Report files have no public URL: serve them through reports:job-download")
