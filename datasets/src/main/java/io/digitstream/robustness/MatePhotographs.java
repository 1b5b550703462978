package io.digitstream.robustness;

import io.digitstream.debian.DebianPackage;
import io.digitstream.debian.PinnedFiles;
import io.digitstream.synthetic.Texture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second generator's photographs: the twelve nature photographs of MATE's wallpapers, Debian package
 * {@code mate-backgrounds} 1.26.0-1 ({@code /usr/share/backgrounds/mate/nature/}, GPL-2+ per
 * {@code /usr/share/doc/mate-backgrounds/copyright}; used at run time, never redistributed), SHA-256-pinned and cached
 * in {@code ~/.cache/digit-stream/mate-photographs}. Training never uses them: they exist to measure generalisation
 * to backgrounds of another source than scikit-image's.
 */
final class MatePhotographs {
    static final DebianPackage PACKAGE = new DebianPackage("mate-backgrounds", "1.26.0-1", "about 47 MB");
    static final List<PinnedFiles.Pinned> FILES = List.of(
            new PinnedFiles.Pinned("Aqua.jpg", "5c30118205982da441bf7e6a1ada636a8a0be879408140b3148280c665ed6bce"),
            new PinnedFiles.Pinned("Blinds.jpg", "f7aac0dcc2e06d0491643e84df3da1d9db7c4610f58806a880d56e074799f600"),
            new PinnedFiles.Pinned("Dune.jpg", "8a67c2cb0be8c46b70c237311a4fa4d2b4ac7d39568135384787801fa5cc9a91"),
            new PinnedFiles.Pinned("FreshFlower.jpg", "972b0a0c4e5e3fa93f4f244fc84bc64b121a5eac3aaa5856f1308c1f38a02f8e"),
            new PinnedFiles.Pinned("Garden.jpg", "d3095ee09d425ef23d27155412136cf14fc3c9af76ca58b452f55e23da324e78"),
            new PinnedFiles.Pinned("GreenMeadow.jpg", "8fa0de0aa4089f7319c9fb7a6d006d4cab6023e8c8853731557cff53567b4832"),
            new PinnedFiles.Pinned("LadyBird.jpg", "e35a9a4126ef969c90b29c038058c5a575a20eadd84106a37bf1fa9931e7b61d"),
            new PinnedFiles.Pinned("RainDrops.jpg", "3e4ea9671c28c90a86cf67b3db9daf18c4741587c596333a7529ca589aaa0c16"),
            new PinnedFiles.Pinned("Storm.jpg", "77ca53077831d3237f73393a91fc879158abc046d852941c26e90de336356957"),
            new PinnedFiles.Pinned("TwoWings.jpg", "665e5abf8a5399070a91a9a8e455fe071e5b61697ff78fdeda4e9843ef545aeb"),
            new PinnedFiles.Pinned("Wood.jpg", "19c78500ac00a622e19907ab9cc7d06d46fe08c4a6142759a84195696150ec07"),
            new PinnedFiles.Pinned("YellowFlower.jpg", "254da96256acb7add685679775a04d1e4a5bc8cd13e5a5a3d61351ce198a5306"));

    private MatePhotographs() {
    }

    static PhotoPatches fetch() throws IOException {
        return fetch(Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "mate-photographs"));
    }

    static PhotoPatches fetch(Path cacheDir) throws IOException {
        PinnedFiles pinned = new PinnedFiles(PACKAGE.directory("usr/share/backgrounds/mate/nature"), FILES);
        List<Path> files = pinned.fetch(cacheDir);
        List<Texture> photographs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            photographs.add(Texture.load(FILES.get(i).fileName(), files.get(i), true));
        }
        return new PhotoPatches(photographs, PACKAGE.description() + ", file list SHA-256 " + pinned.listSha256());
    }
}
