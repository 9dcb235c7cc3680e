"""The project's Rasa input channels. Importing the package (Rasa does, to
load the channels named in credentials.yml) installs channels.speedups."""
from channels import speedups

speedups.install()
