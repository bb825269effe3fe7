package org.tongfa.delivery;

/** Reads the stored bytes of an asset (an image uploaded by an editor). */
@FunctionalInterface
public interface AssetReader {

    /**
     * @throws IllegalArgumentException when no asset has that id
     */
    byte[] read(String assetId);
}
